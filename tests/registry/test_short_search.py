"""One- and two-character Chinese queries go to the short-query index, on both engines, whether the
names arrived one by one, through a bulk import or by a rename."""

from datetime import date
from pathlib import Path

from ngoreg.db.engine import transaction
from ngoreg.importing.orgs_csv import import_orgs
from ngoreg.registry.search import search
from ngoreg.registry.service import add_organisation, update_organisation
from ngoreg.registry.validation import fold, org_record, short_grams
from tests.conftest import ACTOR, NOW


def test_the_runs_of_a_name() -> None:
    assert short_grams(fold("北京市环保协会")) == "北 京 市 环 保 协 会 北京 京市 市环 环保 保协 协会"
    assert short_grams(fold("ＡＢＣ中心(北京)")) == "中 心 北 京 中心 北京"  # no run spans a bracket
    assert short_grams(fold("Green Earth")) is None


def names(url: str, q: str) -> list[str]:
    with transaction(url, write=False) as s:
        return sorted(h.name for h in search(s, q, limit=50))


def test_short_chinese_queries_find_adjacent_characters_only(url: str, tmp_path: Path) -> None:
    with transaction(url) as s:
        for zh in ("北京市环保协会", "上海市环境保护基金会", "广州鑫源慈善会"):
            add_organisation(s, org_record(kind="social_association", name_zh=zh), actor=ACTOR, now=NOW)
    csv = tmp_path / "orgs.csv"
    csv.write_text("kind,name_zh\nsocial_association,深圳市环保志愿者协会\n", encoding="utf-8")
    with transaction(url) as s:
        assert import_orgs(s, csv, actor=ACTOR, now=NOW).loaded == 1
    assert names(url, "环保") == ["北京市环保协会", "深圳市环保志愿者协会"]  # not 环境保护
    assert names(url, "鑫") == ["广州鑫源慈善会"]
    assert len(names(url, "会")) == 4
    with transaction(url) as s:
        update_organisation(s, 3, {"name_zh": "广州鑫泰慈善会"}, on=date(2026, 12, 1), actor=ACTOR, now=NOW)
    assert names(url, "鑫泰") == ["广州鑫泰慈善会"]
    assert names(url, "鑫源") == ["广州鑫源慈善会"]  # the former name is still found
