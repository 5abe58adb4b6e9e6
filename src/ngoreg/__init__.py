"""ngoreg — registry and rules engine for NGO governance in China and at the UN."""

__version__ = "0.1.0"
