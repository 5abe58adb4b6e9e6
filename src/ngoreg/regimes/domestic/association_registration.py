"""Registration of a social association (社会团体成立登记).

Social Association Regulations (1998, as amended 2016-02-06), arts. 3, 7, 9–13, 23; the shared steps are in
`founding`.

* Art. 9(1): with the supervisory unit's consent, the founders apply to the registrar; 9(2): in preparation
  the association does nothing but prepare.
* Art. 10(1): (1) 50 or more individual members or 30 or more unit members, a mixed membership at least 50
  in all; (2) a standard name and an organisation; (3) a fixed seat; (4) full-time staff suited to its work;
  (5) lawful assets and funds, 100,000 yuan of activity funds for a national association and 30,000 for a
  local or cross-regional one; (6) able to bear civil liability independently. Art. 10(2): a local
  association's name may not begin with 中国, 全国 or 中华; a national one's may with approval.
* Art. 7: a national association registers with the State Council's registrar (the Ministry of Civil
  Affairs), a local one with the registrar where it is: the registrar's level says which the association is.
* Art. 11: the documents, items (1)–(5). Art. 12(1): the decision within 60 days; 12(2): the registration
  items. Art. 13: the grounds of refusal. Art. 23: the registrar announces the registration.

Conditions (2), (3), (4) and (6) are declared by the founders and checked as declared; (1) and (5) are
counted from what they give."""

from __future__ import annotations

from datetime import date

from ngoreg.law import cite
from ngoreg.regimes.domestic.founding import Founding, State, registrar_level
from ngoreg.workflow.conditions import is_yes
from ngoreg.workflow.spec import Context, Field, Guard, Procedure

CODE = "association_registration"
KIND = "social_association"

DOCUMENTS = {"application": 1, "supervisory_unit_approval": 2, "capital_verification_and_premises": 3,
             "founders_and_leaders_identity": 4, "draft_articles": 5}  # fmt: skip
NATIONAL_FUNDS = 100_000  # yuan, art. 10(1)(5)
LOCAL_FUNDS = 30_000
INDIVIDUAL_MEMBERS, UNIT_MEMBERS = 50, 30  # art. 10(1)(1)
NATIONAL_PREFIXES = ("中国", "全国", "中华")  # art. 10(2)

FOUNDING = Founding(KIND, "association", consent=cite("sa_regs", 9, 1), apply=cite("sa_regs", 11),
                    documents=DOCUMENTS, consent_document="supervisory_unit_approval", decide=cite("sa_regs", 12, 1),
                    refuse=cite("sa_regs", 13), items=cite("sa_regs", 12, 2), announce=cite("sa_regs", 23))


def enough_members(c: Context) -> bool:
    individuals, units = c.data.get("individual_members") or 0, c.data.get("unit_members") or 0
    if individuals and units:  # a mixed membership
        return individuals + units >= INDIVIDUAL_MEMBERS
    return individuals >= INDIVIDUAL_MEMBERS or units >= UNIT_MEMBERS


def enough_funds(c: Context) -> bool:
    # Art. 7 makes the association national when the State Council's registrar registers it; so the
    # registrar's level decides which minimum applies.
    needed = NATIONAL_FUNDS if registrar_level(c) == "national" else LOCAL_FUNDS
    return (c.data.get("activity_funds") or 0) >= needed


def name_fits_its_level(c: Context) -> bool:
    return registrar_level(c) == "national" or not str(c.data.get("name", "")).startswith(NATIONAL_PREFIXES)


P10 = cite("sa_regs", 10, 1)
PROCEDURE = Procedure(
    code=CODE,
    version=date(1998, 10, 25),
    title_en="Registration of a social association",
    title_zh="社会团体成立登记",
    basis=(cite("sa_regs", 9, 1), P10, cite("sa_regs", 11), cite("sa_regs", 12, 1), cite("sa_regs", 13),
           cite("sa_regs", 23)),
    states=State,
    initial=State.DRAFTED,
    fields=(
        *FOUNDING.fields,
        Field("name", "text", "Name of the association", cite("sa_regs", 12, 2)),
        Field("domicile", "text", "Seat (住所)", cite("sa_regs", 12, 2)),
        Field("purpose", "text", "Purpose (宗旨)", cite("sa_regs", 12, 2)),
        Field("business_scope", "text", "Business scope", cite("sa_regs", 12, 2)),
        Field("area_of_activity", "text", "Area of activity", cite("sa_regs", 12, 2)),
        Field("legal_representative", "text", "Legal representative", cite("sa_regs", 12, 2)),
        Field("activity_funds", "int", "Activity funds (yuan)", cite("sa_regs", 10, 1, 5)),
        Field("individual_members", "int", "Individual members", cite("sa_regs", 10, 1, 1)),
        Field("unit_members", "int", "Unit members", cite("sa_regs", 10, 1, 1)),
        Field("has_organisation", "bool", "Has a standard name and a matching organisation",
              cite("sa_regs", 10, 1, 2)),
        Field("fixed_seat", "bool", "Has a fixed seat", cite("sa_regs", 10, 1, 3)),
        Field("full_time_staff", "bool", "Has full-time staff suited to its work", cite("sa_regs", 10, 1, 4)),
        Field("independent_civil_liability", "bool", "Able to bear civil liability independently",
              cite("sa_regs", 10, 1, 6)),
    ),
    transitions=FOUNDING.transitions(
        conditions=(
            Guard("enough_members", enough_members,
                  "An association needs 50 individual members or 30 unit members, and 50 in all when it has both.",
                  cite("sa_regs", 10, 1, 1)),
            Guard("has_organisation", is_yes("has_organisation"), "An association needs a standard name and an "
                  "organisation to match.", cite("sa_regs", 10, 1, 2)),
            Guard("fixed_seat", is_yes("fixed_seat"), "An association needs a fixed seat.", cite("sa_regs", 10, 1, 3)),
            Guard("full_time_staff", is_yes("full_time_staff"), "An association needs full-time staff suited to "
                  "its work.", cite("sa_regs", 10, 1, 4)),
            Guard("enough_activity_funds", enough_funds, "An association registered by the Ministry of Civil "
                  "Affairs needs 100,000 yuan of activity funds, a local one 30,000; it has {activity_funds}.",
                  cite("sa_regs", 10, 1, 5)),
            Guard("independent_civil_liability", is_yes("independent_civil_liability"), "An association must be "
                  "able to bear civil liability independently.", cite("sa_regs", 10, 1, 6)),
            Guard("name_fits_its_level", name_fits_its_level, "A local association's name may not begin with "
                  "中国, 全国 or 中华: {name}.", cite("sa_regs", 10, 2)),
        ),
        requires=("name", "domicile", "purpose", "business_scope", "area_of_activity", "legal_representative",
                  "activity_funds"),
    ),
    deadlines=(FOUNDING.deadline(),),
)  # fmt: skip
