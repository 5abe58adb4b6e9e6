"""The generic modules name no procedure and no role of a regime: what a regime needs, it declares in its own
package (`ngoreg.regimes.<code>`), and access, filings, the calendar, the pages, the commands and the reports
read it from the catalogue. Every string literal of those modules is held against the names the registered
regimes declare."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import ngoreg
from ngoreg import regimes
from ngoreg.workflow.spec import SYSTEM

GENERIC = ("access", "filings", "compliance", "web", "cli", "reporting")
SOURCE = Path(ngoreg.__file__).parent

# Workflow role names that are also the registry's own words: `psu` is the registry's filter and the
# statistics' dimension "sponsored by a professional supervisory unit" (业务主管单位), a tie both the Foreign
# NGO Law (art. 11) and the domestic registration regulations (社会团体登记管理条例 arts. 3, 9) make; the
# engine's own role runs the deadline sweep.
SHARED_WORDS = frozenset({"psu", SYSTEM})


def declared_names() -> tuple[frozenset[str], frozenset[str]]:
    """(procedure codes, role names): the account roles the regimes declare and the workflow roles of their
    procedures' steps."""
    cat = regimes.catalogue()
    roles = {x.name for r in cat.regimes for x in r.roles}
    roles |= {w for vs in cat.procedures.values() for p in vs.values() for t in p.transitions for w in t.roles}
    return frozenset(cat.procedures), frozenset(roles - SHARED_WORDS)


def literals(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def named_in(root: Path, codes: frozenset[str], roles: frozenset[str]) -> list[str]:
    hits = []
    for path in sorted(root.rglob("*.py")):
        for line, text in literals(path):
            names = sorted({c for c in codes if c in text} | ({text} & roles))
            if names:
                hits.append(f"{path.relative_to(root)}:{line}: {', '.join(names)}")
    return hits


def test_no_generic_module_names_a_procedure_or_a_regime_role() -> None:
    codes, roles = declared_names()
    assert codes and roles  # the scan has something to look for
    hits = [f"{d}/{h}" for d in GENERIC for h in named_in(SOURCE / d, codes, roles)]
    assert hits == []


def test_the_scan_finds_a_procedure_code_and_a_role_where_they_are_named(tmp_path: Path) -> None:
    (tmp_path / "special.py").write_text('WHO = "partner_unit"\nWHAT = {"code": "fngo_annual_plan"}\nOK = "psu"\n')
    codes, roles = declared_names()
    hits = named_in(tmp_path, codes, roles)
    assert [h.rsplit(": ", 1)[1] for h in hits] == ["partner_unit", "fngo_annual_plan"]
