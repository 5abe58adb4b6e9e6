"""`ngoreg user` and `ngoreg token` end to end, on both engines."""

from __future__ import annotations

import json

from ngoreg.access import service
from ngoreg.cli.app import app
from ngoreg.db.engine import transaction
from tests.cli.test_cli import db, ngoreg, runner  # noqa: F401 - the `db` fixture
from tests.conftest import NOW


def test_user_add_grant_list_revoke(db: str) -> None:  # noqa: F811
    r = runner.invoke(app, ["user", "add", "wang.fang", "--name", "Wang Fang", "--password-stdin", "--db", db],
                      input="correct horse battery\n")  # fmt: skip
    assert r.exit_code == 0 and r.stdout.strip().isdigit()
    code, out, _ = ngoreg("user", "grant", "wang.fang", "registrar_officer", "--province", "110000", "--db", db)
    assert code == 0
    code, out, _ = ngoreg("user", "list", "--json", "--db", db)
    users = json.loads(out)
    assert users[0]["username"] == "wang.fang" and users[0]["password_set"] is True
    assert users[0]["grants"][0]["role"] == "registrar_officer" and users[0]["grants"][0]["province"] == "110000"
    code, out, _ = ngoreg("user", "list", "--db", db)
    assert "registrar_officer@province:110000" in out
    code, out, _ = ngoreg("user", "revoke", "wang.fang", "registrar_officer", "--province", "110000", "--db", db)
    assert code == 0 and "revoked 1 grant" in out
    code, out, _ = ngoreg("user", "list", "--json", "--db", db)
    assert json.loads(out)[0]["grants"] == []
    code, out, _ = ngoreg("audit", "log", "--json", "--db", db)
    actions = [e["action"] for e in json.loads(out)]
    assert actions[-3:] == ["user.added", "role.granted", "role.revoked"]
    assert "correct horse battery" not in out and "argon2" not in out


def test_bad_input_is_one_line(db: str) -> None:  # noqa: F811
    r = runner.invoke(app, ["user", "add", "zhao", "--password-stdin", "--db", db], input="short\n")
    assert r.exit_code == 2 and r.stderr.startswith("error: password: '(not shown)': has 5 characters")
    assert "short" not in r.stderr.replace("has 5 characters", "")
    ngoreg("user", "add", "zhao", "--db", db)
    cases = [  # bad input exits 2, a value already taken (a conflict) 4
        (["user", "grant", "zhao", "registrar_officer", "--org", "1"], "scope: 'organisation': registrar_officer", 2),
        (["user", "grant", "zhao", "registrar_officer", "--province", "999999"], "province: '999999'", 2),
        (["user", "grant", "zhao", "wizard"], "role: 'wizard': unknown role", 2),
        (["user", "grant", "zhao", "administrator", "--national"],
         "scope: 'national': administrator takes no scope: grant it without --org, --authority, --province or "
         "--national", 2),
        (["user", "grant", "nobody", "researcher"], "user 'nobody' does not exist", 2),
        (["user", "revoke", "zhao", "researcher"], "zhao holds no researcher grant", 2),
        (["user", "add", "zhao"], "already taken", 4),
        (["token", "revoke", "99"], "token 99 does not exist", 2),
    ]  # fmt: skip
    for args, message, exit_code in cases:
        code, _, err = ngoreg(*args, "--db", db)
        assert code == exit_code and message in err and len(err.strip().splitlines()) == 1, (args, err)
    assert ngoreg("user", "grant", "zhao", "administrator", "--db", db)[0] == 0


def test_token_create_prints_it_once_and_revoke_stops_it(db: str) -> None:  # noqa: F811
    ngoreg("user", "add", "script", "--db", db)
    code, out, err = ngoreg("token", "create", "script", "--name", "export", "--expires-in-days", "7", "--db", db)
    token = out.strip()
    assert code == 0 and token.startswith("ngr_") and "cannot be shown again" in err
    with transaction(db) as s:
        assert service.authenticate_token(s, token, NOW) is not None
    code, out, _ = ngoreg("audit", "log", "--json", "--db", db)
    assert token.split("_", 2)[2] not in out
    tid = json.loads(out)[-1]["subject"].split("/")[1]
    code, out, _ = ngoreg("token", "revoke", tid, "--db", db)
    assert code == 0
    with transaction(db) as s:
        assert service.authenticate_token(s, token, NOW) is None
