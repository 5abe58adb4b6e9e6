"""Tampering behind the log's back, each way someone with the database's owner rights could, and what
`ngoreg audit verify` names: a row changed without its event, the newest events deleted, the chain re-hashed
from a row onward, a checkpoint forged, the wrong public key. On both engines."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from ngoreg.audit.chain import digest
from ngoreg.audit.models import AuditEvent
from ngoreg.audit.repository import COLUMNS
from ngoreg.cli.app import app
from ngoreg.db.engine import get_engine, transaction
from ngoreg.filings import service as filings
from ngoreg.registry import service as registry
from ngoreg.registry.validation import org_record
from tests.conftest import ACTOR, NOW

VALUES = {"activity_name": "Rural teacher training", "partner_name": "Gansu Education Association",
          "partner_kind": "social_organisation", "region": "Gansu", "start_date": "2017-03-17",
          "end_date": "2017-06-30",
          "documents": "proof_of_establishment,written_agreement,activity_particulars,funding_and_account,"
                       "partner_approval"}  # fmt: skip


def ngoreg(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def registry_db(url: str) -> str:
    """Three organisations (the second renamed) and a filing that was filed: 6 events."""
    with transaction(url) as s:
        for name in ("北京市青少年发展协会", "上海市助老协会"):
            registry.add_organisation(s, org_record(kind="social_association", name_zh=name), actor=ACTOR, now=NOW)
        ngo = registry.add_organisation(s, org_record(kind="foreign_ngo", name_en="Teachers Abroad", origin="GB"),
                                        actor=ACTOR, now=NOW)  # fmt: skip
    with transaction(url) as s:
        registry.update_organisation(s, 2, {"name_zh": "上海市助老服务协会"}, on=date(2026, 11, 23), actor=ACTOR,
                                     now=NOW)  # fmt: skip
        f = filings.start(s, "fngo_temporary_activity", org_id=ngo, values=VALUES, on=date(2017, 2, 20),
                          actor=ACTOR, now=NOW)  # fmt: skip
    with transaction(url) as s:
        filings.fire(s, f.id, "file", role="partner_unit", on=date(2017, 3, 1), actor=ACTOR, now=NOW)
    return url


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A key pair and a checkpoint file path."""
    key = tmp_path / "audit.key"
    code, _, err = ngoreg("audit", "keygen", "--out", str(key))
    assert code == 0, err
    return key, Path(f"{key}.pub"), tmp_path / "checkpoints.jsonl"


def by_hand(url: str, *statements: str) -> None:
    """What someone with the database owner's rights can do: switch the append-only guard off and edit."""
    with get_engine(url).begin() as c:
        if c.dialect.name == "sqlite":
            c.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
            c.execute(text("DROP TRIGGER IF EXISTS audit_events_no_delete"))
        else:
            c.execute(text("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events"))
        for s in statements:
            c.execute(text(s))


def verify(url: str, *extra: str) -> tuple[int, str, str]:
    return ngoreg("audit", "verify", "--db", url, *extra)


def checkpoint(url: str, key: Path, file: Path) -> dict[str, object]:
    code, out, err = ngoreg("audit", "checkpoint", "--key", str(key), "--checkpoints", str(file), "--db", url,
                            "--json")  # fmt: skip
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_a_clean_registry_verifies_with_its_checkpoints(registry_db: str, keys: tuple[Path, Path, Path]) -> None:
    key, public, file = keys
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "PRIVATE KEY" not in public.read_text()
    first = checkpoint(registry_db, key, file)
    assert (first["event_id"], first["events"]) == (6, 6)
    second = checkpoint(registry_db, key, file)  # from the previous checkpoint on
    assert second["event_id"] == 6 and len(file.read_text().splitlines()) == 2
    code, out, err = verify(registry_db, "--checkpoints", str(file), "--public-key", str(public))
    assert (code, err) == (0, "")
    assert out.startswith("ok: 6 events, chain intact; 3 organisations, 1 filings as the log left them")
    assert "2 checkpoints hold, the newest at event 6" in out
    code, out, _ = verify(registry_db, "--json")
    v = json.loads(out)
    assert (v["ok"], v["rows"], v["mismatched"], v["checkpoints"]) == (
        True, {"organisations": 3, "filings": 1}, 0, None)  # fmt: skip


def test_an_organisation_changed_behind_the_log_is_named(registry_db: str) -> None:
    by_hand(registry_db, "UPDATE organisations SET name_zh = '别的协会', province = '110000' WHERE id = 2")
    code, _, err = verify(registry_db)
    assert code == 1
    assert err.splitlines() == [
        'found: organisations 2: name_zh is "别的协会" in the table but "上海市助老服务协会" in the log (event 4)',
        'found: organisations 2: province is "110000" in the table but null in the log (event 4)',
    ]


def test_a_filing_moved_behind_the_log_is_named(registry_db: str) -> None:
    sqlite = registry_db.startswith("sqlite")
    region = "json_set(data, '$.region', 'Tibet')" if sqlite else "jsonb_set(data, '{region}', '\"Tibet\"')"
    by_hand(registry_db, f"UPDATE filings SET state = 'reported', data = {region} WHERE id = 1")
    code, out, _ = verify(registry_db, "--json")
    v = json.loads(out)
    assert code == 1 and v["ok"] is False and v["broken_at"] is None
    assert v["mismatches"] == [
        {"table": "filings", "id": 1, "field": "state", "logged": "filed", "current": "reported", "event": 6},
        {"table": "filings", "id": 1, "field": "data.region", "logged": "Gansu", "current": "Tibet", "event": 6},
    ]


def test_rows_added_or_deleted_behind_the_log_are_named(registry_db: str) -> None:
    by_hand(registry_db,
            "INSERT INTO organisations (id, kind, name_zh, status, fields, version) "
            "VALUES (9, 'foundation', '影子基金会', 'registered', '[]', 1)",
            "DELETE FROM org_names WHERE org_id = 1", "DELETE FROM org_versions WHERE org_id = 1",
            "DELETE FROM organisations WHERE id = 1",
            # an event about an organisation that never was, with an id far beyond the others
            "INSERT INTO audit_events (id, recorded_at, effective_on, actor, actor_name, action, subject_type, "
            "subject_id, after, prev_hash, hash) VALUES (7, '2026-11-22 09:00:00', '2026-11-22', 'x', 'x', "
            "'organisation.added', 'organisation', 2000000000, '{\"kind\":\"foundation\",\"status\":\"active\"}', "
            "'x', 'x')")  # fmt: skip
    code, _, err = verify(registry_db)
    assert code == 1
    assert "found: audit event 7: its link does not match the hash of the row before it (6 events before it are " \
           "intact)" in err  # fmt: skip
    assert "found: organisations 2000000000: the log records it, but the row is gone (event 7)" in err
    assert "found: organisations 1: the log records it, but the row is gone (event 1)" in err
    assert "found: organisations 9: no audit event records its state" in err


def test_the_newest_events_deleted_are_caught_by_a_checkpoint(registry_db: str,
                                                              keys: tuple[Path, Path, Path]) -> None:  # fmt: skip
    key, public, file = keys
    checkpoint(registry_db, key, file)
    # the filing's two events and the rename go, and the rows are put back as the log before them says
    by_hand(registry_db, "DELETE FROM audit_events WHERE id >= 4",
            "UPDATE organisations SET name_zh = '上海市助老协会' WHERE id = 2",
            "DELETE FROM filing_deadlines", "DELETE FROM filings")  # fmt: skip
    code, _, err = verify(registry_db)
    assert code == 0, err  # the chain still links, and the rows agree with what is left: only the anchor can tell
    code, _, err = verify(registry_db, "--checkpoints", str(file), "--public-key", str(public))
    assert code == 1
    assert err.splitlines() == [
        f"found: checkpoint {file}:1 (event 6 at {signed_at(file)}): event 6 is no longer in the log, which ends at "
        "event 3: events were deleted from the end"
    ]


def test_events_deleted_under_rows_are_named_without_a_checkpoint(registry_db: str) -> None:
    by_hand(registry_db, "DELETE FROM audit_events WHERE id >= 5")
    code, _, err = verify(registry_db)
    assert code == 1
    assert err.splitlines() == ["found: filings 1: no audit event records its state"]


def signed_at(file: Path) -> str:
    return str(json.loads(file.read_text().splitlines()[0])["at"])


def rehash_from(url: str, event_id: int, after: str) -> None:
    """Rewrites event `event_id`'s `after` and recomputes every hash from it onward with the project's own
    hash function, so that every link holds again."""
    with transaction(url, write=False) as s:
        rows = s.execute(select(*(getattr(AuditEvent, c) for c in COLUMNS)).where(AuditEvent.id >= event_id - 1)
                         .order_by(AuditEvent.id)).all()  # fmt: skip
    prev, rewritten = rows[0].hash, []
    for r in rows[1:]:
        new_after = after if r.id == event_id else r.after
        h = digest(prev, r.recorded_at, r.effective_on, r.actor, r.actor_name, r.action, r.subject_type,
                   r.subject_id, r.basis, r.reason, r.before, new_after, r.request_id)  # fmt: skip
        rewritten.append({"id": r.id, "after": new_after, "prev": prev, "hash": h})
        prev = h
    by_hand(url)
    with get_engine(url).begin() as c:
        c.execute(text("UPDATE audit_events SET after = :after, prev_hash = :prev, hash = :hash WHERE id = :id"),
                  rewritten)


def test_a_chain_rehashed_from_a_row_onward_is_caught_by_a_checkpoint(
    registry_db: str, keys: tuple[Path, Path, Path]
) -> None:
    key, public, file = keys
    checkpoint(registry_db, key, file)
    with get_engine(registry_db).connect() as c:
        after = c.execute(text("SELECT after FROM audit_events WHERE id = 4")).scalar_one()
    forged = after.replace("上海市助老服务协会", "别的协会")
    rehash_from(registry_db, 4, forged)
    by_hand(registry_db, "UPDATE organisations SET name_zh = '别的协会' WHERE id = 2")
    code, _, err = verify(registry_db)
    assert code == 0, err  # consistent in itself
    code, _, err = verify(registry_db, "--checkpoints", str(file), "--public-key", str(public))
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(f"found: checkpoint {file}:1 (event 6 at {signed_at(file)}): event 6's hash is ")
    assert line.endswith("signed then: the chain was rewritten at or before event 6")
    # and a checkpoint is not signed over the rewritten chain
    code, _, err = ngoreg("audit", "checkpoint", "--key", str(key), "--checkpoints", str(file), "--db", registry_db)
    assert code == 4 and "the log no longer holds event 6 with the hash checkpointed" in err  # a conflict


def test_a_forged_checkpoint_and_a_wrong_public_key_are_named(registry_db: str, keys: tuple[Path, Path, Path],
                                                              tmp_path: Path) -> None:  # fmt: skip
    key, public, file = keys
    checkpoint(registry_db, key, file)
    cp = json.loads(file.read_text())
    # someone who cut the log at event 3 writes a checkpoint that says it ends there
    forged = {**cp, "event_id": 3, "events": 3}
    with get_engine(registry_db).connect() as c:
        forged["hash"] = c.execute(text("SELECT hash FROM audit_events WHERE id = 3")).scalar_one()
    file.write_text(json.dumps(forged) + "\n" + "not json\n")
    code, _, err = verify(registry_db, "--checkpoints", str(file), "--public-key", str(public))
    fp = cp["key"]
    assert code == 1
    assert err.splitlines() == [
        f"found: checkpoint {file}:1 (event 3 at {cp['at']}): the signature does not verify with public key {fp}; "
        "it names this key: forged or altered",
        f"found: checkpoint {file}:2: not a checkpoint (a JSON object with event_id, hash, events, at, key, "
        "signature)",
    ]
    # a true checkpoint checked with another key
    file.write_text(json.dumps(cp) + "\n")
    other = tmp_path / "other.key"
    code, out, _ = ngoreg("audit", "keygen", "--out", str(other))
    other_fp = out.split()[1].rstrip(":")
    assert code == 0 and other_fp != fp
    code, _, err = verify(registry_db, "--checkpoints", str(file), "--public-key", f"{other}.pub")
    assert code == 1
    assert err.splitlines() == [f"found: checkpoint {file}:1 (event 6 at {cp['at']}): the signature does not verify "
                                f"with public key {other_fp}; it names key {fp}"]


def test_bad_key_and_checkpoint_options_are_one_line(registry_db: str, keys: tuple[Path, Path, Path]) -> None:
    key, public, file = keys
    code, _, err = ngoreg("audit", "keygen", "--out", str(key))
    assert code == 2 and err == f"error: --out: '{key}': already exists; a key file is never overwritten\n"
    code, _, err = verify(registry_db, "--checkpoints", str(file))
    assert code == 2 and err == "error: --public-key: needed to check checkpoints (give both --checkpoints and " \
                                "--public-key)\n"  # fmt: skip
    code, _, err = verify(registry_db, "--checkpoints", str(file), "--public-key", str(public))
    assert code == 2 and err == f"error: --checkpoints: '{file}': no such file\n"
    code, _, err = verify(registry_db, "--checkpoints", str(file), "--public-key", str(key))
    assert code == 2 and err.startswith("error: --public-key:") and "not a PEM public key" in err
    code, _, err = ngoreg("audit", "checkpoint", "--key", str(public), "--checkpoints", str(file), "--db",
                          registry_db)  # fmt: skip
    assert code == 2 and err.startswith("error: --key:") and len(err.splitlines()) == 1
    assert not file.exists()


def test_the_api_verdict_names_a_row_changed_behind_the_log(registry_db: str) -> None:
    from tests.web.accounts import admin

    client = admin(registry_db)
    assert client.get("/api/v1/audit/verify").json()["ok"] is True
    by_hand(registry_db, "UPDATE organisations SET status = 'revoked' WHERE id = 3")
    v = client.get("/api/v1/audit/verify").json()
    assert (v["ok"], v["broken_at"], v["mismatched"]) == (False, None, 1)
    assert v["mismatches"] == [{"table": "organisations", "id": 3, "field": "status", "logged": "active",
                                "current": "revoked", "event": 3}]  # fmt: skip
