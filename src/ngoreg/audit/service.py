"""Checking the log — its chain, the rows it describes, its signed checkpoints — taking a checkpoint, and
reading the log."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ngoreg.audit import repository
from ngoreg.audit.chain import GENESIS, digest
from ngoreg.audit.models import AuditEvent
from ngoreg.audit.replay import Mismatch, replay
from ngoreg.errors import Conflict, NotFound

if TYPE_CHECKING:  # the signing library is loaded by the commands that sign or check signatures
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

    from ngoreg.audit.checkpoints import Checkpoint

PREV, HASH = repository.COLUMNS.index("prev_hash"), repository.COLUMNS.index("hash")


@dataclass(frozen=True)
class Chain:
    """A walk of the chain: how many events hold before the first broken one, the head, and where each
    watched event stands (its hash, and how many events the walk met up to it)."""

    checked: int
    broken_at: int | None
    problem: str | None
    head: tuple[int, str] | None  # the last event's id and hash
    seen: dict[int, tuple[str, int]]


def walk(session: Session, *, after: tuple[int, str] | None = None, watch: Collection[int] = ()) -> Chain:
    """Walks the log from the first row (or from just after `after`, an event's id and hash) in batches;
    notes the first row whose hash or link does not hold, and goes on to the end for the watched ids."""
    prev = after[1] if after else GENESIS
    n, checked, broken_at, problem, head = 0, 0, None, None, after
    seen: dict[int, tuple[str, int]] = {}
    for rows in repository.chain_batches(session, after=after[0] if after else 0):
        for r in rows:
            n += 1
            if broken_at is None:
                if r[PREV] != prev:
                    broken_at, problem = r[0], "its link does not match the hash of the row before it"
                elif digest(r[PREV], *r[1:PREV]) != r[HASH]:
                    broken_at, problem = r[0], "its contents no longer match its hash"
                else:
                    checked, prev = n, r[HASH]
            if r[0] in watch:
                seen[r[0]] = (r[HASH], n)
        head = (rows[-1][0], rows[-1][HASH])
    return Chain(checked, broken_at, problem, head, seen)


@dataclass(frozen=True)
class Anchors:
    """Checkpoints to check the log against: the lines of a checkpoint file (`checkpoints.read`) and the
    public key they must be signed with."""

    lines: list[tuple[int, Checkpoint | str]]
    public_key: Ed25519PublicKey
    source: str = "checkpoints"  # the file, for messages


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int  # events whose hash and link hold
    broken_at: int | None = None  # the first event whose hash or link does not
    problem: str | None = None
    rows: dict[str, int] = field(default_factory=dict)  # rows compared with the log, by table
    mismatched: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)  # the first `replay.SHOWN`
    checkpoints: int | None = None  # checkpoints that hold; None when none were given
    checkpoint_problems: list[str] = field(default_factory=list)
    anchored_to: int | None = None  # the newest event a valid checkpoint pins

    def findings(self) -> list[str]:
        """Everything wrong, one sentence each."""
        out = []
        if self.broken_at is not None:
            out.append(f"audit event {self.broken_at}: {self.problem} ({self.checked} events before it are intact)")
        out += [str(m) for m in self.mismatches]
        if self.mismatched > len(self.mismatches):
            out.append(f"… and {self.mismatched - len(self.mismatches)} more rows that differ from the log")
        return out + self.checkpoint_problems

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "broken_at": self.broken_at, "problem": self.problem,
                "rows": self.rows, "mismatched": self.mismatched,
                "mismatches": [m.as_dict() for m in self.mismatches], "checkpoints": self.checkpoints,
                "checkpoint_problems": self.checkpoint_problems, "anchored_to": self.anchored_to}  # fmt: skip


def verify(session: Session, *, anchors: Anchors | None = None) -> Verdict:
    """Checks (a) the chain: every row's hash and link; (b) the replay: the current row of every organisation
    and filing against the state its latest event left (`replay`); (c) with `anchors`, every checkpoint:
    its signature, and that the log still holds its event with its hash and as many events up to it.
    All three read one snapshot of the database."""
    repository.snapshot(session)
    signed, problems = _signed(anchors) if anchors else ([], [])
    chain = walk(session, watch={cp.event_id for _, cp in signed})
    if anchors is not None:
        problems += _pinned(signed, chain, anchors.source)
    rows = replay(session)
    holding = [cp.event_id for _, cp in signed if chain.seen.get(cp.event_id) == (cp.hash, cp.events)]
    ok = chain.broken_at is None and rows.mismatched == 0 and not problems
    return Verdict(ok, chain.checked, chain.broken_at, chain.problem, rows.rows, rows.mismatched, rows.mismatches,
                   None if anchors is None else len(holding), problems, max(holding, default=None))  # fmt: skip


def _signed(anchors: Anchors) -> tuple[list[tuple[int, Checkpoint]], list[str]]:
    """The checkpoints whose signature the public key verifies, and a sentence for every other line."""
    from ngoreg.audit import checkpoints

    key = checkpoints.fingerprint(anchors.public_key)
    good: list[tuple[int, Checkpoint]] = []
    problems: list[str] = []
    for n, cp in anchors.lines:
        where = f"checkpoint {anchors.source}:{n}"
        if isinstance(cp, str):
            problems.append(f"{where}: {cp}")
        elif not checkpoints.signed_by(cp, anchors.public_key):
            whose = f"it names key {cp.key}" if cp.key != key else "it names this key: forged or altered"
            problems.append(f"{where} ({cp.where()}): the signature does not verify with public key {key}; {whose}")
        else:
            good.append((n, cp))
    if not anchors.lines:
        problems.append(f"{anchors.source} holds no checkpoint")
    return good, problems


def _pinned(signed: Iterable[tuple[int, Checkpoint]], chain: Chain, source: str) -> list[str]:
    """A sentence for each signed checkpoint the log no longer bears out."""
    problems = []
    last = chain.head[0] if chain.head else 0
    for n, cp in signed:
        where = f"checkpoint {source}:{n} ({cp.where()})"
        found = chain.seen.get(cp.event_id)
        if found is None:
            cut = "events were deleted from the end" if last < cp.event_id else "the event was deleted"
            problems.append(f"{where}: event {cp.event_id} is no longer in the log, which ends at event {last}: "
                            f"{cut}")  # fmt: skip
        elif found[0] != cp.hash:
            problems.append(f"{where}: event {cp.event_id}'s hash is {found[0][:16]}…, not the {cp.hash[:16]}… "
                            f"signed then: the chain was rewritten at or before event {cp.event_id}")  # fmt: skip
        elif found[1] != cp.events:
            problems.append(f"{where}: the log holds {found[1]} events up to event {cp.event_id}, not the "
                            f"{cp.events} signed then")  # fmt: skip
    return problems


def checkpoint(session: Session, key: Ed25519PrivateKey, *, previous: Checkpoint | None, now: datetime) -> Checkpoint:
    """Signs the head of the chain. The chain is walked first — from `previous`, the newest checkpoint this
    key signed, when the log still bears it out, else from the first event — so that a broken chain is never
    signed as sound."""
    from ngoreg.audit import checkpoints

    repository.snapshot(session)
    start: tuple[int, str] | None = None
    if previous is not None and checkpoints.signed_by(previous, key.public_key()):
        held = repository.hashes_of(session, [previous.event_id]).get(previous.event_id)
        if held != previous.hash:
            raise Conflict(f"the log no longer holds event {previous.event_id} with the hash checkpointed at "
                           f"{previous.at}; run `ngoreg audit verify` before signing anything")  # fmt: skip
        start = (previous.event_id, previous.hash)
    chain = walk(session, after=start)
    if chain.broken_at is not None:
        raise Conflict(f"audit event {chain.broken_at}: {chain.problem}; a broken chain is not signed")
    if chain.head is None:
        raise NotFound("the audit log is empty: there is no head to sign")
    events = repository.count_upto(session, chain.head[0])
    return checkpoints.sign(key, event_id=chain.head[0], hash_=chain.head[1], events=events, now=now)


def _utc(ts: datetime) -> datetime:
    """SQLite hands back the stored UTC time without its zone, PostgreSQL with it: both say UTC."""
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def as_dict(ev: AuditEvent) -> dict[str, object]:
    return {
        "id": ev.id,
        "recorded_at": _utc(ev.recorded_at).isoformat(),
        "effective_on": ev.effective_on.isoformat(),
        "actor": ev.actor,
        "actor_name": ev.actor_name,
        "action": ev.action,
        "subject": f"{ev.subject_type}/{ev.subject_id}",
        "basis": ev.basis,
        "reason": ev.reason,
        "before": ev.before,
        "after": ev.after,
        "request_id": ev.request_id,
        "hash": ev.hash,
    }
