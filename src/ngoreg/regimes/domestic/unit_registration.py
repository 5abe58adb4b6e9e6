"""Registration of a civil non-enterprise unit (民办非企业单位成立登记; a social service organisation, 社会服务机构,
in the Charity Law's words).

Civil Non-Enterprise Unit Regulations (1998), arts. 6, 8, 9, 11, 12, 18; the shared steps are in `founding`.

* Art. 8(1): (1) the supervisory unit's consent; (2) a standard name and the necessary organisation; (3)
  staff suited to its work; (4) lawful property suited to its work; (5) the necessary premises. Art. 8(2): its
  name may not begin with 中国, 全国 or 中华, whatever its registrar.
* Art. 6: the registrar registers the units whose supervisory unit is of its own level.
* Art. 9: the documents, items (1)–(6). Art. 11(1): the decision within 60 days; 11(2): the grounds of
  refusal. Art. 12(1): the registration items, and a certificate as a legal person, a partnership or an
  individual unit. Art. 18: the registrar announces the registration.

The regulations set no minimum for the start-up funds (开办资金): the registry records the amount and asks
only that property is declared."""

from __future__ import annotations

from datetime import date

from ngoreg.law import cite
from ngoreg.regimes.domestic.founding import Founding, State
from ngoreg.workflow.conditions import is_yes
from ngoreg.workflow.spec import Context, Field, Guard, Procedure

CODE = "unit_registration"
KIND = "civil_non_enterprise"

DOCUMENTS = {"application": 1, "supervisory_unit_approval": 2, "premises": 3, "capital_verification": 4,
             "leaders_identity": 5, "draft_articles": 6}  # fmt: skip
FORMS = ("legal_person", "partnership", "individual")  # art. 12(1): the three certificates
NATIONAL_PREFIXES = ("中国", "全国", "中华")

FOUNDING = Founding(KIND, "unit", consent=cite("cneu_regs", 8, 1, 1), apply=cite("cneu_regs", 9),
                    documents=DOCUMENTS, consent_document="supervisory_unit_approval", decide=cite("cneu_regs", 11, 1),
                    refuse=cite("cneu_regs", 11, 2), items=cite("cneu_regs", 12, 1), announce=cite("cneu_regs", 18))


def name_without_national_prefix(c: Context) -> bool:
    return not str(c.data.get("name", "")).startswith(NATIONAL_PREFIXES)


I12 = cite("cneu_regs", 12, 1)
PROCEDURE = Procedure(
    code=CODE,
    version=date(1998, 10, 25),
    title_en="Registration of a civil non-enterprise unit",
    title_zh="民办非企业单位成立登记",
    basis=(cite("cneu_regs", 8, 1), cite("cneu_regs", 9), cite("cneu_regs", 11, 1), I12, cite("cneu_regs", 18)),
    states=State,
    initial=State.DRAFTED,
    fields=(
        *FOUNDING.fields,
        Field("name", "text", "Name of the unit", I12),
        Field("domicile", "text", "Seat (住所)", I12),
        Field("purpose", "text", "Purpose and business scope", I12),
        Field("legal_representative", "text", "Legal representative or person in charge", I12),
        Field("start_up_funds", "int", "Start-up funds (yuan)", I12),
        Field("form", "choice", "Civil liability borne as", I12, FORMS),
        Field("has_organisation", "bool", "Has a standard name and the necessary organisation",
              cite("cneu_regs", 8, 1, 2)),
        Field("staff", "bool", "Has staff suited to its work", cite("cneu_regs", 8, 1, 3)),
        Field("lawful_property", "bool", "Has lawful property suited to its work", cite("cneu_regs", 8, 1, 4)),
        Field("premises", "bool", "Has the necessary premises", cite("cneu_regs", 8, 1, 5)),
    ),
    transitions=FOUNDING.transitions(
        conditions=(
            Guard("has_organisation", is_yes("has_organisation"), "A unit needs a standard name and the necessary "
                  "organisation.", cite("cneu_regs", 8, 1, 2)),
            Guard("staff", is_yes("staff"), "A unit needs staff suited to its work.", cite("cneu_regs", 8, 1, 3)),
            Guard("lawful_property", is_yes("lawful_property"), "A unit needs lawful property suited to its work.",
                  cite("cneu_regs", 8, 1, 4)),
            Guard("premises", is_yes("premises"), "A unit needs the necessary premises.", cite("cneu_regs", 8, 1, 5)),
            Guard("name_without_national_prefix", name_without_national_prefix, "A civil non-enterprise unit's name "
                  "may not begin with 中国, 全国 or 中华: {name}.", cite("cneu_regs", 8, 2)),
        ),
        requires=("name", "domicile", "purpose", "legal_representative", "start_up_funds", "form"),
    ),
    deadlines=(FOUNDING.deadline(),),
)  # fmt: skip
