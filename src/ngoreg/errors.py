"""The errors every entry point knows how to turn into one clear line, a JSON body or an HTTP status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class NgoregError(Exception):
    """Base of every error meant for the user; its message is one line."""

    code = "error"


class InvalidInput(NgoregError):
    """A value the user gave is malformed; the message names the field, the value and the problem."""

    code = "invalid_input"

    def __init__(self, field: str, value: Any, problem: str) -> None:
        self.field, self.value, self.problem = field, value, problem
        super().__init__(f"{field}: {value!r}: {problem}")

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process boundaries (the importer's child)
        return (type(self), (self.field, self.value, self.problem))


class NotFound(NgoregError):
    code = "not_found"


class Conflict(NgoregError):
    """Someone else changed the object since it was read (optimistic lock), or a unique value is taken."""

    code = "conflict"


@dataclass(frozen=True)
class Refusal:
    """One reason the law (a guard) or the rules of access (a permission) refuse an action."""

    rule: str
    message: str
    basis: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"rule": self.rule, "message": self.message, "basis": self.basis}

    def __str__(self) -> str:
        return f"{self.message} ({self.basis})" if self.basis else self.message


@dataclass
class Refused(NgoregError):
    """An action the law does not allow now; carries every refusal with its citation."""

    refusals: list[Refusal] = field(default_factory=list)
    code = "refused"

    def __post_init__(self) -> None:
        super().__init__("; ".join(str(r) for r in self.refusals))
