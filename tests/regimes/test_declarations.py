"""A regime whose declarations do not hold together is refused when it is built or registered, with the
name of what is wrong: a role, party or duty declared twice, a procedure citing an article its act does not
have, a public field that is not a field, a name another regime already declares."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ngoreg import regimes
from ngoreg.law.citation import Citation
from ngoreg.workflow.regime import Headline, OrgPage, Party, Published, RegimeError, YearlyDuty
from ngoreg.workflow.spec import DefinitionError, Field, Procedure
from tests.regimes import toy
from tests.regimes.toy import A18, MEMBER, NOTICE, REPORT, variant


def test_the_test_regime_is_well_formed_and_registers_and_withdraws() -> None:
    before = regimes.catalogue()
    with regimes.registered(toy.REGIME):
        now = regimes.catalogue()
        assert now.regime_of[REPORT] is toy.REGIME and now.roles[MEMBER.name] is MEMBER
        assert now.version > before.version
    assert REPORT not in regimes.catalogue().procedures
    assert MEMBER.name not in regimes.catalogue().roles


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"roles": (MEMBER, MEMBER)}, "role toy_association_staff is declared twice"),
        ({"parties": (Party("toy_association", "new_name", "org", frozenset({NOTICE}), A18),) * 2},
         "party toy_association/new_name is declared twice"),
        ({"duties": (YearlyDuty(REPORT, frozenset({"social_association"})),) * 2},
         f"duty {REPORT} is declared twice"),
        ({"published": (Published(REPORT, frozenset({"submitted"}), frozenset({"summary", "headline"}), "art. 28"),)},
         f"publication of {REPORT}: public field headline is not a field"),
        ({"published": (Published(REPORT, frozenset({"approved"}), frozenset({"summary"}), "art. 28"),)},
         f"publication of {REPORT}: approved is not a state"),
        ({"duties": (YearlyDuty(NOTICE, frozenset({"social_association"})),)},
         f"duty {NOTICE}: {NOTICE} of 2016-02-06 has no yearly deadline"),
        ({"duties": (YearlyDuty("toy_unknown", frozenset({"social_association"})),)},
         "duty toy_unknown names procedure toy_unknown, which is not one of the regime's"),
        ({"org_pages": (OrgPage("social_association", (("sa_regs", 99),)),)},
         "organisation page social_association: sa_regs art. 99"),
        ({"charts": (replace(toy.REPORTS_BY_STATE, group="elsewhere"),)},
         "chart toy-reports-by-state: elsewhere is not one of the regime's chart groups"),
        ({"charts": (toy.REPORTS_BY_STATE,) * 2}, "chart toy-reports-by-state is declared twice"),
        ({"headlines": (Headline("toy-none", "Nothing"),)}, "headline Nothing: no chart toy-none"),
        ({"state_words": ((REPORT, "approved"),)}, f"words of state approved: approved is not a state of {REPORT}"),
    ],
)  # fmt: skip
def test_a_broken_declaration_is_refused_with_its_name(changes: dict[str, object], named: str) -> None:
    with pytest.raises(RegimeError) as refused:
        variant(**changes)
    assert str(refused.value).startswith("regime toy: ")
    assert named in str(refused.value)


def test_a_procedure_citing_an_article_its_act_does_not_have_is_refused_when_built() -> None:
    with pytest.raises((DefinitionError, ValueError)) as refused:
        replace(toy.NAME_NOTICE, fields=(Field("new_name", "text", "The new name", Citation("sa_regs", 99)),))
    assert "art. 99" in str(refused.value)


def test_a_name_another_regime_declares_is_refused_when_registered() -> None:
    fngo = regimes.catalogue().regimes[0]
    taken = fngo.roles[0]
    clash = variant(roles=(MEMBER, taken))
    with pytest.raises(RegimeError, match=f"role {taken.name} is declared by two regimes"), \
            regimes.registered(clash):
        pass
    assert regimes.catalogue().roles[taken.name] is taken  # the catalogue is as it was
    with pytest.raises(RegimeError, match="regime toy is registered twice"), regimes.registered(toy.REGIME), \
            regimes.registered(toy.REGIME):
        pass
    assert REPORT not in regimes.catalogue().procedures


def test_a_procedure_citing_an_article_of_a_later_text_than_its_own_is_refused_when_built() -> None:
    # The toy notice is of 2016-02-06: the Charity Law was not yet in force; on 2020-01-01 its 2016 text was,
    # which has no art. 125; from 2024-09-05 the amended text, which does.
    def notice(version: date) -> Procedure:
        return replace(toy.NAME_NOTICE, version=version,
                       fields=(Field("new_name", "text", "The new name", Citation("charity", 125)),))  # fmt: skip

    assert notice(date(2024, 9, 5)).fields[0].basis == Citation("charity", 125)
    with pytest.raises(DefinitionError, match=r"Charity Law art\. 125: .*the 2016 text of the Charity Law has "
                                              r"articles 1–112"):  # fmt: skip
        notice(date(2020, 1, 1))
    with pytest.raises(DefinitionError, match="not in force on 2016-02-06"):
        notice(date(2016, 2, 6))
