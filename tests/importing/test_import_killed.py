"""`ngoreg import orgs` killed with SIGKILL halfway: the process that validates for it (and any helper of
multiprocessing) ends with it, and the database holds nothing of the import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from ngoreg.audit.models import AuditEvent
from ngoreg.db.engine import transaction
from ngoreg.importing.orgs_csv import BATCH_BYTES
from ngoreg.registry.models import Organisation
from tests.importing.test_orgs_csv import index_names, orgs_csv

WAIT = 10.0  # seconds the children have to end after their parent is killed


def stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a process from /proc, or None once it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = raw[raw.rindex(")") + 2:].split()  # the name in parentheses may hold spaces
    return fields[0], int(fields[1]), int(fields[19])


def descendants(root: int) -> dict[int, int]:
    """Every living descendant of `root`: {pid: start time} (the start time tells a reused pid apart)."""
    parents: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (s := stat(int(entry))) is not None and s[0] != "Z":
            parents[int(entry)] = (s[1], s[2])
    found: dict[int, int] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, started) in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = started
                frontier.append(pid)
    return found


def alive(pid: int, started: int) -> bool:
    s = stat(pid)
    return s is not None and s[2] == started and s[0] != "Z"  # a zombie has ended; only its entry waits


def test_the_validating_child_dies_with_a_killed_import(url: str, tmp_path: Path) -> None:
    path = orgs_csv(tmp_path / "orgs.csv", 150_000)
    assert path.stat().st_size > 1.5 * BATCH_BYTES  # prepared in a child process, several batches
    before = index_names(url)
    parent = subprocess.Popen([sys.executable, "-c", "from ngoreg.cli.app import main; main()", "import", "orgs",
                               str(path), "--db", url], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    children: dict[int, int] = {}
    try:
        deadline = time.monotonic() + 60
        while not children:  # the validating child is running
            assert parent.poll() is None, parent.stderr.read().decode() if parent.stderr else ""
            assert time.monotonic() < deadline, "the import started no child process within 60 s"
            time.sleep(0.1)
            children = descendants(parent.pid)
        time.sleep(1.0)  # well into the import: the child validating, the parent writing
        children = descendants(parent.pid)
        os.kill(parent.pid, signal.SIGKILL)
        assert parent.wait(timeout=WAIT) == -signal.SIGKILL
        ended_by = time.monotonic() + WAIT
        while any(alive(pid, started) for pid, started in children.items()) and time.monotonic() < ended_by:
            time.sleep(0.1)
        assert [pid for pid, started in children.items() if alive(pid, started)] == []
    finally:  # whatever the outcome, nothing this test started keeps running
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for pid, started in children.items():
            if alive(pid, started):
                os.kill(pid, signal.SIGKILL)
        if parent.stderr:
            parent.stderr.close()
    with transaction(url, write=False) as s:  # the transaction died with its process: nothing of it remains
        assert s.scalar(select(func.count()).select_from(Organisation)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 0
    assert index_names(url) == before  # the indexes a large load drops and rebuilds are all there
