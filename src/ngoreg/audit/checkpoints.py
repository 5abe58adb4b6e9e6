"""The chain anchored outside the database. Whoever can write the database can delete its newest events or
rewrite every hash from a row onward, and the chain still links. A checkpoint is the head of the chain —
its event id, its hash and the number of events — signed with an Ed25519 key that the database never holds,
and kept, one JSON line each, in a file beside the key's owner. Verify then checks each signature with the
public key and that the log still holds that event with that hash: a truncated log has lost it, a
rewritten chain has changed it.

Checkpoints do not reach events after the newest one; take them as often as the log should be pinned (after
each import, nightly from cron)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ngoreg.audit.chain import canonical
from ngoreg.errors import InvalidInput

MAX_KEY_BYTES = 16 * 1024  # a PEM Ed25519 key is about 120 bytes; anything far larger is not one
MAX_LINE = 4096  # a checkpoint line is about 300 bytes
MAX_CHECKPOINTS = 1_000_000  # one an hour for a century; verify holds them all in memory


@dataclass(frozen=True)
class Checkpoint:
    event_id: int
    hash: str
    events: int
    at: str  # when it was signed, UTC, ISO 8601
    key: str  # the signing key's fingerprint (`fingerprint`)
    signature: str = ""  # Ed25519 over `payload`, base64

    def payload(self) -> bytes:
        """The bytes signed: every field but the signature, in canonical JSON."""
        fields = {k: v for k, v in asdict(self).items() if k != "signature"}
        return (canonical(fields) or "").encode("utf-8")

    def where(self) -> str:
        return f"event {self.event_id} at {self.at}"


def fingerprint(public: Ed25519PublicKey) -> str:
    """A short name for a key: the first 16 hex digits of SHA-256 over its raw 32 bytes."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def generate_key(out: Path) -> tuple[Path, str]:
    """Writes a new private key to `out` (PEM, readable by its owner only) and its public key beside it
    (`out` + .pub); returns the public key's path and fingerprint. An existing file is never overwritten:
    losing a key would orphan every checkpoint signed with it."""
    public_path = Path(f"{out}.pub")
    for p, option in ((out, "--out"), (public_path, "--out")):
        if p.exists():
            raise InvalidInput(option, str(p), "already exists; a key file is never overwritten")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())  # fmt: skip
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise InvalidInput("--out", str(out), f"cannot be written ({exc.strerror})") from None
    with os.fdopen(fd, "wb") as f:
        f.write(private_pem)
    public = key.public_key()
    public_path.write_bytes(public.public_bytes(serialization.Encoding.PEM,
                                                serialization.PublicFormat.SubjectPublicKeyInfo))  # fmt: skip
    return public_path, fingerprint(public)


def _read_key_file(path: Path, option: str) -> bytes:
    if not path.is_file():
        raise InvalidInput(option, str(path), "no such file")
    if path.stat().st_size > MAX_KEY_BYTES:
        raise InvalidInput(option, str(path), "is too large to be an Ed25519 key")
    return path.read_bytes()


def load_private_key(path: Path, option: str = "--key") -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(_read_key_file(path, option), password=None)
    except (ValueError, TypeError):
        raise InvalidInput(option, str(path), "is not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(option, str(path), "is not an Ed25519 private key")
    return key


def load_public_key(path: Path, option: str = "--public-key") -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(_read_key_file(path, option))
    except (ValueError, TypeError):
        raise InvalidInput(option, str(path), "is not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput(option, str(path), "is not an Ed25519 public key")
    return key


def sign(key: Ed25519PrivateKey, *, event_id: int, hash_: str, events: int, now: datetime) -> Checkpoint:
    at = now.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    unsigned = Checkpoint(event_id, hash_, events, at, fingerprint(key.public_key()))
    signature = base64.b64encode(key.sign(unsigned.payload())).decode("ascii")
    return Checkpoint(event_id, hash_, events, at, unsigned.key, signature)


def signed_by(cp: Checkpoint, public: Ed25519PublicKey) -> bool:
    try:
        public.verify(base64.b64decode(cp.signature, validate=True), cp.payload())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def append(path: Path, cp: Checkpoint) -> None:
    """Adds one line and flushes it to disk before returning: a checkpoint reported written is written."""
    line = json.dumps(asdict(cp), ensure_ascii=False, sort_keys=True) + "\n"
    try:
        with path.open("a", encoding="utf-8") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise InvalidInput("--checkpoints", str(path), f"cannot be written ({exc.strerror})") from None


def read(path: Path) -> Iterator[tuple[int, Checkpoint | str]]:
    """(line number, the checkpoint or what is wrong with the line) for each non-blank line."""
    if not path.is_file():
        raise InvalidInput("--checkpoints", str(path), "no such file")
    with path.open("rb") as f:
        n = 0
        while raw := f.readline(MAX_LINE + 1):  # bounded: a file that is not a checkpoint file may have no lines
            n += 1
            if n > MAX_CHECKPOINTS:
                raise InvalidInput("--checkpoints", str(path), f"has more than {MAX_CHECKPOINTS:,} lines; start a new "
                                   "file from a checkpoint verify has just checked")  # fmt: skip
            if len(raw) > MAX_LINE:
                yield n, f"longer than {MAX_LINE} bytes, not a checkpoint"
                while raw and not raw.endswith(b"\n"):
                    raw = f.readline(MAX_LINE + 1)
            elif raw.strip():
                yield n, _parse(raw)


def _parse(raw: bytes) -> Checkpoint | str:
    try:
        d = json.loads(raw)
        cp = Checkpoint(**d)
    except (ValueError, TypeError):
        return "not a checkpoint (a JSON object with event_id, hash, events, at, key, signature)"
    if not (isinstance(cp.event_id, int) and isinstance(cp.events, int)
            and all(isinstance(v, str) for v in (cp.hash, cp.at, cp.key, cp.signature))):  # fmt: skip
        return "not a checkpoint: a field has the wrong type"
    return cp


def newest(path: Path) -> Checkpoint | None:
    """The last well-formed checkpoint of a file, if the file exists (its signature is verify's matter)."""
    if not path.is_file():
        return None
    last = None
    for _, cp in read(path):
        if isinstance(cp, Checkpoint):
            last = cp
    return last
