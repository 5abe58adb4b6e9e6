"""Registration of a foreign NGO's representative office (代表机构设立登记).

Foreign NGO Law (2016, as amended 2017-11-04), arts. 10–13, 22, 26 and 48; in force 2017-01-01 (art. 54).

* Art. 10: a foreign NGO may apply if (1) lawfully established abroad, (2) able to bear civil liability
  independently, (3) the purposes and business scope of its articles of association favour public-interest
  causes, (4) it has existed abroad for two years or more and carries out substantive activities, (5) it
  meets other conditions of laws and administrative regulations (none named: no guard).
* Art. 11(1): the application needs the consent of the professional supervisory unit (PSU) first.
* Art. 12(1): within 30 days from the day the PSU consents, the NGO applies to the registrar with the
  documents of items (1)–(7); 12(2): the registrar may have experts assess the application; 12(3): it
  decides to register or not within 60 days from accepting (受理) the application.
* Art. 13(1): on registration the registrar issues a registration certificate and announces it to the
  public; the registration items are (1) name, (2) domicile, (3) business scope, (4) area of activity,
  (5) chief representative, (6) PSU. 13(2): with the certificate the office registers for tax, cuts its
  seal, opens a bank account in China, and files the copy of its tax registration, its seal specimen and
  the bank account with the registrar. The text gives no period for these steps, so none is modelled.
* Art. 22(1): the office manages its funds in China through the bank account filed with the registrar.
* Art. 26: the office registers for tax, files tax returns and pays tax according to law (the periods are
  in the tax laws, not here).
* Art. 48: an NGO under a five-year ban (paras. 1, 2) or on the list of the unwelcome (para. 3) may not set
  up an office again; the facts come from its sanction filings (`fngo_sanction`).

Roles: `foreign_ngo` (applies, files), `psu` (consents), `registrar` (accepts, decides), `system` (the
sweep lets a consent lapse when no application followed within 30 days).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from ngoreg.law import cite
from ngoreg.law.periods import add, days, years
from ngoreg.regimes.fngo import sanction as fngo_sanction
from ngoreg.regimes.fngo.consent import SupervisoryConsent
from ngoreg.workflow.conditions import includes_all, is_yes
from ngoreg.workflow.spec import Context, Deadline, Field, Guard, Procedure, Registers, Transition

CODE = "fngo_office_registration"

# Art. 12(1) items (1)–(6); item (7) ("other documents laws and administrative regulations require")
# names none.
DOCUMENTS = {
    "application_form": 1,
    "proof_of_article_10_conditions": 2,
    "chief_representative_identity_cv_and_record": 3,
    "proof_of_domicile": 4,
    "proof_of_source_of_funds": 5,
    "psu_consent_document": 6,
}

# Art. 13(2): what the office files with the registrar after registration.
RECORDS = ("tax_registration_copy", "seal_specimen", "bank_account")

REGISTRATION_ITEMS = ("name", "domicile", "business_scope", "area_of_activity", "chief_representative", "psu_name")

DECIDE_WITHIN = days(60)
ACTIVE_ABROAD = years(2)


class State(StrEnum):
    DRAFTED = "drafted"
    CONSENTED = "consented"
    CONSENT_WITHHELD = "consent_withheld"
    CONSENT_LAPSED = "consent_lapsed"
    APPLIED = "applied"
    ACCEPTED = "accepted"
    REGISTERED = "registered"
    REFUSED = "refused"
    RECORDS_FILED = "records_filed"


def _active_two_years(c: Context) -> bool:
    # Art. 10(4) "在境外存续二年以上并实质性开展活动" can be read as two years' existence plus substantive
    # activity now, or as two years of both. We read the two years as governing both: the day substantive
    # activity abroad began must lie two full years back. The two years run out at the end of their last
    # day (Civil Code arts. 201, 202), so the NGO qualifies from the day after: active since 2015-03-01, it
    # may apply from 2017-03-02. "以上" includes two years exactly.
    return c.on > add(c.data["active_abroad_since"], ACTIVE_ABROAD)


def _set_up_by_a_foreign_ngo(c: Context) -> bool:
    return c.facts.get("org_kind") == "foreign_ngo"


def _office(c: Context) -> dict[str, Any]:
    """The office the registration enters in the registry (art. 13(1)): its name, and the province of the
    registrar that registered it (art. 6(1)); it comes from the NGO's country."""
    return {"kind": "representative_office", "name": c.data["name"], "origin": c.facts.get("org_origin"),
            "province": c.data.get("registrar_province")}  # fmt: skip


def _office_relations(c: Context) -> list[tuple[str, tuple[str, int]]]:
    """The office is the NGO's (art. 10: a foreign NGO sets it up), sponsored by its PSU (arts. 11(1),
    13(1)(6)) where the filing names the PSU in the registry."""
    psu = c.data.get("psu_authority_id")
    return [("office_of", ("org", c.facts["org_id"])), *([("sponsored_by", ("authority", psu))] if psu else [])]


P10 = cite("fngo", 10)
P6_1 = cite("fngo", 6, 1)
P11 = cite("fngo", 11, 1)
P12_1 = cite("fngo", 12, 1)
P12_2 = cite("fngo", 12, 2)
P12_3 = cite("fngo", 12, 3)
P13_1 = cite("fngo", 13, 1)
P13_2 = cite("fngo", 13, 2)

# The 30 days run from the consent (art. 12(1)); a late application is refused, and when they pass unused
# the consent lapses and the PSU must consent again: art. 12(1) allows no application on an older consent.
CONSENT = SupervisoryConsent(State, "application", "office", P11, P11, apply_basis=P12_1)

NOT_BANNED = Guard("not_banned_from_setting_up_an_office", fngo_sanction.clear_of_ban,
                   "The foreign NGO may not set up a representative office again while a five-year ban runs "
                   "after a cancelled registration, a revoked certificate or a banned activity.",
                   cite("fngo", 48))  # fmt: skip
NOT_UNWELCOME = Guard("not_listed_unwelcome", fngo_sanction.not_unwelcome,
                      "The foreign NGO is on the list of the unwelcome and may not set up a representative "
                      "office.", cite("fngo", 48, 3))  # fmt: skip

PROCEDURE = Procedure(
    code=CODE,
    version=date(2017, 1, 1),
    title_en="Registration of a representative office",
    title_zh="境外非政府组织代表机构设立登记",
    basis=(P12_1, P10, P11, P12_3, P13_1, P13_2),
    states=State,
    initial=State.DRAFTED,
    fields=(
        Field("lawfully_established_abroad", "bool", "Lawfully established abroad", cite("fngo", 10, 1, 1)),
        Field("independent_civil_liability", "bool", "Able to bear civil liability independently",
              cite("fngo", 10, 1, 2)),
        Field("articles_favour_public_interest", "bool",
              "Purposes and business scope in the articles of association favour public-interest causes",
              cite("fngo", 10, 1, 3)),
        Field("active_abroad_since", "date", "Day substantive activity abroad began", cite("fngo", 10, 1, 4)),
        *CONSENT.fields,
        # Who decides, recorded by id so that access follows the filing: the PSU whose consent the
        # application needs (art. 11(1)), and the province of the public security organ it is made to — the
        # registrars are the Ministry and the provincial organs (art. 6(1)), applied to within 30 days of the
        # consent (art. 12(1)).
        Field("psu_authority_id", "int", "The professional supervisory unit in the registry (authority id)", P11),
        Field("registrar_province", "text", "Province of the registrar applied to (GB/T 2260 code)", P6_1),
        Field("documents", "list", "Documents submitted", P12_1, tuple(DOCUMENTS)),
        Field("name", "text", "Name of the office", cite("fngo", 13, 1, 1)),
        Field("domicile", "text", "Domicile of the office", cite("fngo", 13, 1, 2)),
        Field("business_scope", "text", "Business scope", cite("fngo", 13, 1, 3)),
        Field("area_of_activity", "text", "Area of activity", cite("fngo", 13, 1, 4)),
        Field("chief_representative", "text", "Chief representative", cite("fngo", 13, 1, 5)),
        Field("psu_name", "text", "Professional supervisory unit", cite("fngo", 13, 1, 6)),
        Field("expert_review", "text", "Experts asked to assess the application", P12_2),
        Field("certificate_no", "text", "Number of the registration certificate", P13_1),
        Field("announcement", "text", "Where and when the registration was announced", P13_1),
        Field("refusal_reason", "text", "Why registration is refused", P12_3),
        Field("records", "list", "Filed with the registrar after registration", P13_2, RECORDS),
        Field("office_org_id", "int", "The registered office in the registry (organisation id)", P13_1),
        Field("tax_registration_no", "text", "Tax registration number", cite("fngo", 26)),
        Field("bank_account", "text", "Bank account in China for the funds used in China", cite("fngo", 22, 1)),
    ),
    transitions=(
        *CONSENT.given_or_withheld,
        Transition(
            "apply", "Apply to the registrar", frozenset({State.CONSENTED}), State.APPLIED,
            frozenset({"foreign_ngo"}), P12_1, "office.applied",
            requires=("lawfully_established_abroad", "independent_civil_liability",
                      "articles_favour_public_interest", "active_abroad_since", *REGISTRATION_ITEMS),
            guards=(
                Guard("lawfully_established_abroad", is_yes("lawfully_established_abroad"),
                      "Only a foreign NGO lawfully established abroad may apply.", cite("fngo", 10, 1, 1)),
                Guard("bears_civil_liability_independently", is_yes("independent_civil_liability"),
                      "Only a foreign NGO able to bear civil liability independently may apply.",
                      cite("fngo", 10, 1, 2)),
                Guard("purposes_favour_public_interest", is_yes("articles_favour_public_interest"),
                      "The purposes and business scope in the NGO's articles of association must favour "
                      "public-interest causes.", cite("fngo", 10, 1, 3)),
                Guard("active_abroad_two_years", _active_two_years,
                      "The NGO must have existed and carried out substantive activities abroad for two years; "
                      "active since {active_abroad_since}, its two years have not yet run out.",
                      cite("fngo", 10, 1, 4)),
                CONSENT.applied_in_time,
                Guard("documents_complete", includes_all("documents", DOCUMENTS),
                      "The application lacks documents that article 12(1) items (1)–(6) require.", P12_1),
                NOT_BANNED,
                NOT_UNWELCOME,
            ),
        ),
        CONSENT.lapse,
        Transition(
            "accept", "Accept the application for examination", frozenset({State.APPLIED}), State.ACCEPTED,
            frozenset({"registrar"}), P12_3, "office.application_accepted",
        ),
        # The 60 days keep running while experts assess: art. 12 makes no exception for it.
        Transition(
            "order_expert_review", "Have experts assess the application", frozenset({State.ACCEPTED}),
            State.ACCEPTED, frozenset({"registrar"}), P12_2, "office.expert_review_ordered",
            requires=("expert_review",),
        ),
        Transition(
            "register", "Register the office and announce it", frozenset({State.ACCEPTED}), State.REGISTERED,
            frozenset({"registrar"}), P13_1, "office.registered",
            requires=(*REGISTRATION_ITEMS, "certificate_no", "announcement"),
            guards=(
                Guard("set_up_by_a_foreign_ngo", _set_up_by_a_foreign_ngo,
                      "A representative office is set up by a foreign NGO: the filing must be the foreign NGO's.",
                      P10),
                NOT_BANNED, NOT_UNWELCOME,
            ),
            effect=Registers(_office, keeps_id_in="office_org_id", relations=_office_relations),
        ),
        Transition(
            "refuse", "Refuse registration", frozenset({State.ACCEPTED}), State.REFUSED,
            frozenset({"registrar"}), P12_3, "office.registration_refused", requires=("refusal_reason",),
        ),
        Transition(
            "file_records", "File tax registration, seal specimen and bank account", frozenset({State.REGISTERED}),
            State.RECORDS_FILED, frozenset({"foreign_ngo"}), P13_2, "office.records_filed",
            requires=("tax_registration_no", "bank_account"),
            guards=(
                Guard("records_complete", includes_all("records", RECORDS),
                      "Article 13(2) asks for the copy of the tax registration, the seal specimen and the bank "
                      "account together.", P13_2),
            ),
        ),
    ),
    deadlines=(
        CONSENT.deadline("Application to the registrar"),
        # The registrar's own period: a late decision is still a decision, so passing it only marks the
        # deadline expired.
        Deadline("decision", "Registrar's decision", DECIDE_WITHIN, P12_3, opened_by="accept",
                 met_by=frozenset({"register", "refuse"})),
    ),
)  # fmt: skip
