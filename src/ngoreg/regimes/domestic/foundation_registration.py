"""Registration of a foundation (基金会设立登记).

Foundation Regulations (2004), arts. 3, 6–9, 11, 19; the shared steps are in `founding`.

* Art. 3: a foundation raises funds from the public (公募: national or local) or does not (非公募).
* Art. 6: the registrars are the Ministry of Civil Affairs and the provincial civil affairs departments only.
  The Ministry registers (1) national public-fundraising foundations, (2) those whose legal representative
  is to be a non-mainland resident, (3) non-public-fundraising foundations whose original fund exceeds 20
  million yuan and whose founders apply to it; the province all others.
* Art. 8: (1) founded for a specific public-interest purpose; (2) an original fund of at least 8 million
  yuan for a national public-fundraising foundation, 4 million for a local one, 2 million for a
  non-public-fundraising one, paid in as money; (3) a standard name, articles, organisation and full-time
  staff; (4) a fixed seat; (5) able to bear civil liability independently.
* Art. 9: the documents, items (1)–(5). Art. 11(1): the decision within 60 days; a refusal is reasoned in
  writing. Art. 11(2): the registration items. Art. 19: the registrar announces it."""

from __future__ import annotations

from datetime import date

from ngoreg.law import cite
from ngoreg.regimes.domestic.founding import Founding, State, registrar_level
from ngoreg.workflow.conditions import is_yes
from ngoreg.workflow.spec import Context, Field, Guard, Procedure

CODE = "foundation_registration"
KIND = "foundation"

DOCUMENTS = {"application": 1, "draft_articles": 2, "capital_verification_and_seat": 3,
             "directors_and_officers": 4, "supervisory_unit_approval": 5}  # fmt: skip
# Art. 8(2): the least original fund of each type, in yuan.
MINIMUM_FUND = {"national_public": 8_000_000, "local_public": 4_000_000, "non_public": 2_000_000}
TYPES = tuple(MINIMUM_FUND)

FOUNDING = Founding(KIND, "foundation", consent=cite("foundation_regs", 9, 1, 5), apply=cite("foundation_regs", 9),
                    documents=DOCUMENTS, consent_document="supervisory_unit_approval",
                    decide=cite("foundation_regs", 11, 1), refuse=cite("foundation_regs", 11, 1),
                    items=cite("foundation_regs", 11, 2), announce=cite("foundation_regs", 19))


def enough_fund(c: Context) -> bool:
    return (c.data.get("original_fund") or 0) >= MINIMUM_FUND[c.data["foundation_type"]]


def registrar_of_its_level(c: Context) -> bool:
    level = registrar_level(c)
    if level not in ("national", "provincial"):
        return False  # art. 6(1): no registrar below the province registers a foundation
    return level == "national" or c.data.get("foundation_type") != "national_public"  # art. 6(2)(1)


I11 = cite("foundation_regs", 11, 2)
PROCEDURE = Procedure(
    code=CODE,
    version=date(2004, 6, 1),
    title_en="Registration of a foundation",
    title_zh="基金会设立登记",
    basis=(cite("foundation_regs", 6), cite("foundation_regs", 8), cite("foundation_regs", 9),
           cite("foundation_regs", 11, 1), cite("foundation_regs", 19)),
    states=State,
    initial=State.DRAFTED,
    fields=(
        *FOUNDING.fields,
        Field("name", "text", "Name of the foundation", I11),
        Field("domicile", "text", "Seat (住所)", I11),
        Field("foundation_type", "choice", "Type: national or local public-fundraising, or non-public-fundraising",
              cite("foundation_regs", 3), TYPES),
        Field("purpose", "text", "Purpose", I11),
        Field("business_scope", "text", "Scope of its public-interest activities", I11),
        Field("original_fund", "int", "Original fund (yuan)", cite("foundation_regs", 8, 1, 2)),
        Field("fund_paid_in", "bool", "Original fund paid in as money", cite("foundation_regs", 8, 1, 2)),
        Field("legal_representative", "text", "Legal representative", I11),
        Field("public_interest_purpose", "bool", "Founded for a specific public-interest purpose",
              cite("foundation_regs", 8, 1, 1)),
        Field("has_organisation", "bool", "Has a standard name, articles, organisation and full-time staff",
              cite("foundation_regs", 8, 1, 3)),
        Field("fixed_seat", "bool", "Has a fixed seat", cite("foundation_regs", 8, 1, 4)),
        Field("independent_civil_liability", "bool", "Able to bear civil liability independently",
              cite("foundation_regs", 8, 1, 5)),
    ),
    transitions=FOUNDING.transitions(
        conditions=(
            Guard("public_interest_purpose", is_yes("public_interest_purpose"), "A foundation is founded for a "
                  "specific public-interest purpose.", cite("foundation_regs", 8, 1, 1)),
            Guard("enough_original_fund", enough_fund, "The original fund of {original_fund} yuan is below the "
                  "least for a foundation of its type ({foundation_type}): 8 million for a national "
                  "public-fundraising foundation, 4 million for a local one, 2 million for a non-public one.",
                  cite("foundation_regs", 8, 1, 2)),
            Guard("fund_paid_in", is_yes("fund_paid_in"), "The original fund must be money paid in.",
                  cite("foundation_regs", 8, 1, 2)),
            Guard("has_organisation", is_yes("has_organisation"), "A foundation needs a standard name, articles, "
                  "organisation and full-time staff.", cite("foundation_regs", 8, 1, 3)),
            Guard("fixed_seat", is_yes("fixed_seat"), "A foundation needs a fixed seat.",
                  cite("foundation_regs", 8, 1, 4)),
            Guard("independent_civil_liability", is_yes("independent_civil_liability"), "A foundation must be able "
                  "to bear civil liability independently.", cite("foundation_regs", 8, 1, 5)),
            Guard("registrar_of_its_level", registrar_of_its_level, "Only the Ministry of Civil Affairs and the "
                  "provincial departments register foundations, and only the Ministry a national "
                  "public-fundraising one.", cite("foundation_regs", 6)),
        ),
        requires=("name", "domicile", "foundation_type", "purpose", "business_scope", "original_fund",
                  "legal_representative"),
    ),
    deadlines=(FOUNDING.deadline(),),
)  # fmt: skip
