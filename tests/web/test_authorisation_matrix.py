"""The authorisation matrix: every role × every route of the app × its own object and someone else's,
asserted against the table below. The routes are read from `app.routes`, so a route added without a row
here fails the suite.

The ground is `tests.access.conftest.World` (two provinces, offices, partner units, drafts and published
filings) and the objects `Ground` adds: `ngo_d`, a foreign NGO nobody has announced, and `reg_d`, its drafted
office registration, which names supervisory unit psu1 and the Beijing registrar by id (FNGO Law arts. 11(1),
6(1), 12(1)): nothing but those ids ties them to it. For the domestic regime: a civil affairs registrar and a
supervisory unit in Beijing and in Shanghai; `assoc_y`, a Beijing association registered with the one and
sponsored by the other, with its annual report drafted (`insp_y`); the World's Shanghai association `social_x`,
registered and sponsored in Shanghai; and two associations in preparation, `prep_z` in Beijing and `prep_v` in
Shanghai, each with a drafted registration (`reg_z`, `reg_v`) naming its province's registrar and unit by id
(Social Association Regulations arts. 9(1), 11), as `reg_d` does. For the Party-building structure (seed 001): a
comprehensive and a joint committee in Beijing and in Shanghai, `assoc_y` seated under Beijing's joint
committee and `social_x` under Shanghai's.

Statuses: 200/201/204 done; 403 refused (a signed-in account, with the reason; or an action no grant gives,
to anyone); 404 an object the public may not see, answered as if it did not exist; 401 wrong credentials;
409 allowed, then stopped by the stale If-Match every fire here sends (so nothing is written); 422 allowed,
then stopped by the field that no procedure has, which every start here sends."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Route

from ngoreg import regimes
from ngoreg.access.roles import Action, RoleDef, Scope
from ngoreg.db.engine import transaction
from ngoreg.filings import service as filings
from ngoreg.party import service as party
from ngoreg.registry import service as registry
from ngoreg.registry.validation import org_record
from ngoreg.web.pages import charts
from ngoreg.workflow.regime import Regime
from tests.access.conftest import BEIJING, SHANGHAI, World, world  # noqa: F401 - the fixture
from tests.conftest import ACTOR, NOW
from tests.regimes import toy
from tests.web.accounts import app_at, bearer, client_as, token

ROLES = ("ngo", "partner", "psu", "registrar", "registrar_national", "group", "group_national", "ecosoc",
         "researcher", "admin", "social_org", "unit", "civil_affairs", "joint_committee", "comprehensive_committee",
         "public")  # fmt: skip


@dataclass(frozen=True)
class Ground:
    w: World
    ngo_d: int
    reg_d: int
    civil_bj: int  # civil affairs registrar, Beijing
    unit_bj: int  # supervisory unit, Beijing
    civil_sh: int
    unit_sh: int
    assoc_y: int  # Beijing association registered with civil_bj, sponsored by unit_bj
    insp_y: int  # its annual report, drafted
    prep_z: int  # Beijing association in preparation
    reg_z: int  # its registration, drafted, naming civil_bj and unit_bj
    prep_v: int  # Shanghai association in preparation
    reg_v: int  # its registration, drafted, naming civil_sh and unit_sh
    top_bj: int  # Beijing's comprehensive Party committee
    joint_bj: int  # a joint committee it leads, assoc_y seated under it
    top_sh: int
    joint_sh: int  # social_x seated under it

    def __getattr__(self, name: str) -> Any:
        return getattr(self.w, name)

    @property
    def all_orgs(self) -> list[int]:
        return [*self.w.orgs, self.ngo_d, self.assoc_y, self.prep_z, self.prep_v]

    @property
    def all_filings(self) -> list[int]:
        return [*self.w.filings, self.reg_d, self.insp_y, self.reg_z, self.reg_v]


# Each role's own object and another's, by kind: (own, other), as names of `Ground` attributes. For the roles
# that own nothing (ecosoc, researcher, the administrator, the public) "own" is something public.
OBJECTS: dict[str, dict[str, tuple[str, str]]] = {
    "ngo": {"org": ("ngo_c", "ngo_d"), "filing": ("act_draft", "reg_draft"), "due": ("ngo_c", "ngo_d")},
    "partner": {"org": ("ngo_c", "ngo_d"), "filing": ("act_draft", "reg_draft"), "due": ("partner_p", "ngo_d")},
    "psu": {"org": ("office_a", "ngo_d"), "filing": ("reg_d", "act_draft"), "due": ("office_a", "ngo_d")},
    "registrar": {"org": ("partner_p", "ngo_d"), "filing": ("reg_d", "reg_draft"), "due": ("partner_p", "ngo_d")},
    "registrar_national": {"org": ("ngo_c", "ngo_d"), "filing": ("reg_d", "reg_draft"), "due": ("ngo_c", "ngo_d")},
    "group": {"org": ("partner_p", "ngo_d"), "filing": ("reg_d", "reg_draft"), "due": ("partner_p", "ngo_d")},
    "group_national": {"org": ("ngo_c", "ngo_d"), "filing": ("reg_d", "reg_draft"), "due": ("ngo_c", "ngo_d")},
    "ecosoc": {"org": ("office_b", "ngo_d"), "filing": ("act_filed", "reg_draft"), "due": ("office_b", "ngo_d")},
    "researcher": {"org": ("office_b", "ngo_d"), "filing": ("act_filed", "reg_draft"), "due": ("office_b", "ngo_d")},
    "admin": {"org": ("ngo_c", "ngo_d"), "filing": ("reg_d", "reg_draft"), "due": ("ngo_c", "ngo_d")},
    # An association's staff (here its founders) act for it alone; its unit and its registrar reach what they
    # sponsor or registered, and the applications naming them, not those naming another.
    "social_org": {"org": ("prep_z", "prep_v"), "filing": ("reg_z", "reg_v"), "due": ("prep_z", "prep_v")},
    "unit": {"org": ("assoc_y", "prep_v"), "filing": ("reg_z", "reg_v"), "due": ("assoc_y", "social_x")},
    "civil_affairs": {"org": ("assoc_y", "prep_v"), "filing": ("reg_z", "reg_v"), "due": ("assoc_y", "social_x")},
    "public": {"org": ("office_b", "ngo_d"), "filing": ("act_filed", "reg_draft"), "due": ("office_b", "ngo_d")},
}
# The Party committees read no organisation, filing or obligation beyond the public's (`party.roles`): their own
# objects elsewhere are the researcher's. Their own placement is the one they lead, in the Party routes.
OBJECTS["joint_committee"] = OBJECTS["comprehensive_committee"] = OBJECTS["researcher"]
PLACED = {"committee": ("joint_bj", "joint_sh"), "org": ("assoc_y", "social_x")}
PLACEMENT_READERS = ("admin", "civil_affairs", "joint_committee", "comprehensive_committee")
# What each role starts (procedure) and fires (a transition of its own filing that its role may fire).
STARTS = {"ngo": "fngo_office_registration", "partner": "fngo_temporary_activity", "registrar": "fngo_sanction",
          "registrar_national": "fngo_sanction", "social_org": "association_registration",
          "civil_affairs": "credit_list"}  # fmt: skip
FIRES = {"ngo": "report_closing", "partner": "file", "psu": "consent", "registrar": "accept",
         "registrar_national": "accept", "ecosoc": "order_stop", "researcher": "order_stop", "public": "order_stop",
         "social_org": "apply", "unit": "consent", "civil_affairs": "register", "joint_committee": "order_stop",
         "comprehensive_committee": "order_stop"}  # fmt: skip


def every(status: int) -> dict[str, tuple[int, int]]:
    return {r: (status, status) for r in ROLES}


def only(allowed: tuple[str, ...], yes: int, no: int = 403) -> dict[str, tuple[int, int]]:
    return {r: (yes, yes) if r in allowed else (no, no) for r in ROLES}


CALENDAR_FILE = {
    "ngo": (200, 403), "partner": (200, 403), "psu": (200, 403), "registrar": (200, 403),
    "registrar_national": (200, 200), "group": (200, 403), "group_national": (200, 200),
    "ecosoc": (403, 403), "researcher": (403, 403), "admin": (200, 200), "social_org": (200, 403), "unit": (200, 403),
    "civil_affairs": (200, 403), "public": (404, 404)}  # fmt: skip
# The calendar page sends the public to sign in (and back), where an account may read it.
CALENDAR_PAGE = {**CALENDAR_FILE, "public": (303, 303)}

# route → role → (status with the role's own object, status with another's)
EXPECTED: dict[str, dict[str, tuple[int, int]]] = {
    "GET /": every(200),
    "GET /api/v1/openapi.json": every(200),
    "GET /api/v1/organisations": every(200),
    "GET /api/v1/organisations/search": every(200),
    "GET /api/v1/organisations/{org_id}": {
        "ngo": (200, 403), "partner": (200, 403), "psu": (200, 403), "registrar": (200, 403),
        "registrar_national": (200, 200), "group": (200, 403), "group_national": (200, 200),
        "ecosoc": (200, 403), "researcher": (200, 403),
        "admin": (200, 200), "social_org": (200, 403), "unit": (200, 403), "civil_affairs": (200, 403),
        "public": (200, 404)},
    "GET /api/v1/authorities": every(200),
    "GET /api/v1/authorities/{authority_id}": every(200),
    "GET /api/v1/statistics/organisations": every(200),
    "GET /api/v1/statistics/orgs": every(200),
    "GET /api/v1/statistics/{subject}": every(200),
    "GET /api/v1/figures": every(200),
    "GET /api/v1/law": every(200),
    "GET /api/v1/law/{code}": every(200),
    "GET /api/v1/law/{code}/articles": every(200),
    "GET /api/v1/law/{code}/{number}": every(200),
    "GET /api/v1/procedures": every(200),
    "GET /api/v1/procedures/{code}": every(200),
    "GET /api/v1/filings": every(200),
    "POST /api/v1/filings": {
        "ngo": (422, 403), "partner": (422, 422), "psu": (403, 403), "registrar": (422, 403),
        "registrar_national": (422, 422), "group": (403, 403), "group_national": (403, 403),
        "ecosoc": (403, 403), "researcher": (403, 403),
        "admin": (403, 403), "social_org": (422, 403), "unit": (403, 403), "civil_affairs": (422, 403),
        "public": (403, 404)},
    "GET /api/v1/filings/{filing_id}": {
        "ngo": (200, 403), "partner": (200, 403), "psu": (200, 403), "registrar": (200, 403),
        "registrar_national": (200, 200), "group": (200, 403), "group_national": (200, 200),
        "ecosoc": (200, 403), "researcher": (200, 403),
        "admin": (200, 200), "social_org": (200, 403), "unit": (200, 403), "civil_affairs": (200, 403),
        "public": (200, 404)},
    "GET /api/v1/filings/{filing_id}/options": {
        "ngo": (200, 403), "partner": (200, 403), "psu": (200, 403), "registrar": (200, 403),
        "registrar_national": (200, 200), "group": (403, 403), "group_national": (403, 403),
        "ecosoc": (403, 403), "researcher": (403, 403),
        "admin": (403, 403), "social_org": (200, 403), "unit": (200, 403), "civil_affairs": (200, 403),
        "public": (403, 404)},
    "POST /api/v1/filings/{filing_id}/fire": {
        "ngo": (409, 403), "partner": (409, 403), "psu": (409, 403), "registrar": (409, 403),
        "registrar_national": (409, 409), "group": (403, 403), "group_national": (403, 403),
        "ecosoc": (403, 403), "researcher": (403, 403),
        "admin": (403, 403), "social_org": (409, 403), "unit": (409, 403), "civil_affairs": (409, 403),
        "public": (403, 404)},
    "GET /api/v1/due": {
        "ngo": (200, 403), "partner": (200, 403), "psu": (200, 403), "registrar": (200, 403),
        "registrar_national": (200, 200), "group": (200, 403), "group_national": (200, 200),
        "ecosoc": (403, 403), "researcher": (403, 403),
        "admin": (200, 200), "social_org": (200, 403), "unit": (200, 403), "civil_affairs": (200, 403),
        "public": (403, 403)},
    "GET /api/v1/checks": only(("registrar_national", "group_national", "admin"), 200),
    "GET /api/v1/audit/events": every(200),
    "GET /api/v1/audit/verify": only(("admin",), 200),
    "POST /api/v1/imports/organisations": only(("admin",), 422),
    "POST /api/v1/imports/chinafile/{file}": only(("admin",), 422),
    "POST /api/v1/imports/foundations": only(("admin",), 422),
    "POST /api/v1/session": every(401),
    "GET /api/v1/session": every(200),
    "DELETE /api/v1/session": every(204),
    # The pages answer as the API does (`web.authz`); the calendar is never public: its page sends the public
    # to sign in, and to the public its calendar file does not exist.
    "GET /results": every(200),
    "GET /organisations/{org_id}": {
        "ngo": (200, 403), "partner": (200, 403), "psu": (200, 403), "registrar": (200, 403),
        "registrar_national": (200, 200), "group": (200, 403), "group_national": (200, 200),
        "ecosoc": (200, 403), "researcher": (200, 403),
        "admin": (200, 200), "social_org": (200, 403), "unit": (200, 403), "civil_affairs": (200, 403),
        "public": (200, 404)},
    "GET /organisations/{org_id}/calendar": CALENDAR_PAGE,
    "GET /organisations/{org_id}/calendar.ics": CALENDAR_FILE,
    "GET /law": every(200),
    "GET /law/{code}": every(200),
    "GET /dashboards": every(200),
    "GET /dashboards/{key}": every(200),
    "GET /dashboards/{key}.csv": every(200),
    # Signing in and out in the browser. The sign-in form posted without the token its page set in a cookie
    # is refused before any password is checked; signing out without a session has nothing to end.
    "GET /login": every(200),
    "POST /login": every(403),
    "POST /logout": every(303),
    # The filing pages answer as the API does, except that the public is sent to the sign-in page (303)
    # for a filing it may not read, as for one that does not exist, and for every form.
    "GET /filings/new": {
        "ngo": (200, 403), "partner": (200, 200), "psu": (403, 403), "registrar": (200, 403),
        "registrar_national": (200, 200), "group": (403, 403), "group_national": (403, 403),
        "ecosoc": (403, 403), "researcher": (403, 403),
        "admin": (403, 403), "social_org": (200, 403), "unit": (403, 403), "civil_affairs": (200, 403),
        "public": (303, 303)},
    "POST /filings": {
        "ngo": (422, 403), "partner": (422, 422), "psu": (403, 403), "registrar": (422, 403),
        "registrar_national": (422, 422), "group": (403, 403), "group_national": (403, 403),
        "ecosoc": (403, 403), "researcher": (403, 403),
        "admin": (403, 403), "social_org": (422, 403), "unit": (403, 403), "civil_affairs": (422, 403),
        "public": (303, 303)},
    "GET /filings/{filing_id}": {
        "ngo": (200, 403), "partner": (200, 403), "psu": (200, 403), "registrar": (200, 403),
        "registrar_national": (200, 200), "group": (200, 403), "group_national": (200, 200),
        "ecosoc": (200, 403), "researcher": (200, 403),
        "admin": (200, 200), "social_org": (200, 403), "unit": (200, 403), "civil_affairs": (200, 403),
        "public": (200, 303)},
    "POST /filings/{filing_id}/fire": {
        "ngo": (409, 403), "partner": (409, 403), "psu": (409, 403), "registrar": (409, 403),
        "registrar_national": (409, 409), "group": (403, 403), "group_national": (403, 403),
        "ecosoc": (403, 403), "researcher": (403, 403),
        "admin": (403, 403), "social_org": (409, 403), "unit": (409, 403), "civil_affairs": (409, 403),
        "public": (303, 303)},
    # Work queues are a signed-in person's own: the public is sent to sign in (the page) or told to (401).
    "GET /work": {**every(200), "public": (303, 303)},
    "GET /api/v1/work": {**every(200), "public": (401, 401)},
    # The Party-building structure: committees and coverage are public; who sits where is read by the
    # committees and the registrar concerned (`party.roles`), a list filtered for them, 403 for the rest.
    "GET /api/v1/party/classes": every(200),
    "GET /api/v1/party/committees": every(200),
    "GET /api/v1/party/committees/{committee_id}": every(200),
    "GET /api/v1/party/coverage": every(200),
    "GET /api/v1/party/committees/{committee_id}/organisations": only(PLACEMENT_READERS, 200),
    "GET /api/v1/party/organisations/{org_id}": {**only(PLACEMENT_READERS, 200), "civil_affairs": (200, 403),
                                                 "joint_committee": (200, 403),
                                                 "comprehensive_committee": (200, 403)},
    # Its pages: public, each listing the organisations under a committee only to those who read them.
    "GET /party": every(200),
    "GET /party/committees/{committee_id}": every(200),
    "GET /party/committees/{committee_id}/organisations": every(200),
    # The coordinating groups are public facts (FNGO Law art. 7(2), seed 000); the provinces' dashboard counts what
    # the caller may see; an office's or an activity's groups are read as the office or the filing is.
    "GET /api/v1/coordination/groups": every(200),
    "GET /api/v1/coordination/groups/{group}": every(200),
    "GET /api/v1/coordination/provinces": every(200),
    "GET /api/v1/coordination/organisations/{org_id}": {
        "ngo": (200, 403), "partner": (200, 403), "psu": (200, 403), "registrar": (200, 403),
        "registrar_national": (200, 200), "group": (200, 403), "group_national": (200, 200),
        "ecosoc": (200, 403), "researcher": (200, 403),
        "admin": (200, 200), "social_org": (200, 403), "unit": (200, 403), "civil_affairs": (200, 403),
        "public": (200, 404)},
    "GET /api/v1/coordination/filings/{filing_id}": {
        "ngo": (200, 403), "partner": (200, 403), "psu": (200, 403), "registrar": (200, 403),
        "registrar_national": (200, 200), "group": (200, 403), "group_national": (200, 200),
        "ecosoc": (200, 403), "researcher": (200, 403),
        "admin": (200, 200), "social_org": (200, 403), "unit": (200, 403), "civil_affairs": (200, 403),
        "public": (200, 404)},
    "GET /coordination": every(200),
    "GET /coordination.csv": every(200),
    "GET /coordination/{key}": every(200),
}  # fmt: skip
# The Party committees' officers read what a researcher reads on every other route.
for _row in EXPECTED.values():
    for _role in ("joint_committee", "comprehensive_committee"):
        _row.setdefault(_role, _row["researcher"])

Call = tuple[str, str, dict[str, Any]]
CHART = next(iter(charts.all_charts()))


def _org(g: Ground, role: str, which: int) -> int:
    return int(getattr(g, OBJECTS[role]["org"][which]))


def _filing(g: Ground, role: str, which: int) -> int:
    return int(getattr(g, OBJECTS[role]["filing"][which]))


# The day each start is asked for: one its procedure is in force on (the credit lists' measures, 2018).
START_ON = {"credit_list": "2018-03-01"}


def _start(g: Ground, role: str, which: int) -> Call:
    code = STARTS.get(role, "fngo_office_registration")
    body = {"procedure": code, "org_id": _org(g, role, which), "values": {"no_such_field": "x"},
            "on": START_ON.get(code, "2017-03-01")}  # fmt: skip
    return "POST", "/api/v1/filings", {"json": body}


def _fire(g: Ground, role: str, which: int) -> Call:
    body = {"transition": FIRES.get(role, "accept"), "on": "2017-03-01"}
    return "POST", f"/api/v1/filings/{_filing(g, role, which)}/fire", {"json": body, "headers": {"If-Match": '"0"'}}


# A value its field does not take (a date or a sum), in a field of each procedure started, or a choice it
# does not offer: the page's start form is allowed, then stopped by it (422), so nothing is written.
BAD_VALUE = {"fngo_office_registration": "active_abroad_since", "fngo_temporary_activity": "start_date",
             "fngo_sanction": "stop_by", "association_registration": "activity_funds",
             "credit_list": "cause"}  # fmt: skip


def _start_page(g: Ground, role: str, which: int) -> Call:
    code = STARTS.get(role, "fngo_office_registration")
    form = {"procedure": code, "org": str(_org(g, role, which)), "key": f"{role}-{which}", BAD_VALUE[code]: "soon"}
    return "POST", "/filings", {"data": form}


def _fire_page(g: Ground, role: str, which: int) -> Call:
    form = {"transition": FIRES.get(role, "accept"), "version": "999999"}
    return "POST", f"/filings/{_filing(g, role, which)}/fire", {"data": form}


REQUESTS: dict[str, Callable[[Ground, str, int], Call]] = {
    "GET /": lambda g, r, i: ("GET", "/", {}),
    "GET /api/v1/openapi.json": lambda g, r, i: ("GET", "/api/v1/openapi.json", {}),
    "GET /api/v1/organisations": lambda g, r, i: ("GET", "/api/v1/organisations", {"params": {"limit": 1000}}),
    "GET /api/v1/organisations/search": lambda g, r, i: ("GET", "/api/v1/organisations/search", {"params": {"q": "a"}}),
    "GET /api/v1/organisations/{org_id}": lambda g, r, i: ("GET", f"/api/v1/organisations/{_org(g, r, i)}", {}),
    "GET /api/v1/authorities": lambda g, r, i: ("GET", "/api/v1/authorities", {}),
    "GET /api/v1/authorities/{authority_id}": lambda g, r, i: ("GET", f"/api/v1/authorities/{g.psu1}", {}),
    "GET /api/v1/statistics/organisations": lambda g, r, i: ("GET", "/api/v1/statistics/organisations", {}),
    "GET /api/v1/statistics/orgs": lambda g, r, i: ("GET", "/api/v1/statistics/orgs", {"params": {"by": "kind"}}),
    "GET /api/v1/statistics/{subject}": lambda g, r, i: ("GET", "/api/v1/statistics/offices",
                                                         {"params": {"by": "province"}}),
    "GET /api/v1/figures": lambda g, r, i: ("GET", "/api/v1/figures", {}),
    "GET /api/v1/law": lambda g, r, i: ("GET", "/api/v1/law", {}),
    "GET /api/v1/law/{code}": lambda g, r, i: ("GET", "/api/v1/law/fngo", {}),
    "GET /api/v1/law/{code}/articles": lambda g, r, i: ("GET", "/api/v1/law/fngo/articles", {}),
    "GET /api/v1/law/{code}/{number}": lambda g, r, i: ("GET", "/api/v1/law/fngo/17", {}),
    "GET /api/v1/procedures": lambda g, r, i: ("GET", "/api/v1/procedures", {}),
    "GET /api/v1/procedures/{code}": lambda g, r, i: ("GET", "/api/v1/procedures/fngo_sanction", {}),
    "GET /api/v1/filings": lambda g, r, i: ("GET", "/api/v1/filings", {"params": {"limit": 1000}}),
    "POST /api/v1/filings": _start,
    "GET /api/v1/filings/{filing_id}": lambda g, r, i: ("GET", f"/api/v1/filings/{_filing(g, r, i)}", {}),
    "GET /api/v1/filings/{filing_id}/options": lambda g, r, i: (
        "GET", f"/api/v1/filings/{_filing(g, r, i)}/options", {"params": {"on": "2017-03-01"}}),
    "POST /api/v1/filings/{filing_id}/fire": _fire,
    "GET /api/v1/due": lambda g, r, i: (
        "GET", "/api/v1/due", {"params": {"as_of": "2017-06-01", "org": int(getattr(g, OBJECTS[r]["due"][i]))}}),
    "GET /api/v1/checks": lambda g, r, i: ("GET", "/api/v1/checks", {}),
    "GET /api/v1/audit/events": lambda g, r, i: (
        "GET", "/api/v1/audit/events", {"params": {"subject_type": "filing", "subject_id": _filing(g, r, i)}}),
    "GET /api/v1/audit/verify": lambda g, r, i: ("GET", "/api/v1/audit/verify", {}),
    "POST /api/v1/imports/organisations": lambda g, r, i: ("POST", "/api/v1/imports/organisations", {"content": b""}),
    "POST /api/v1/imports/chinafile/{file}": lambda g, r, i: ("POST", "/api/v1/imports/chinafile/offices",
                                                              {"content": b""}),
    "POST /api/v1/imports/foundations": lambda g, r, i: ("POST", "/api/v1/imports/foundations", {"content": b""}),
    "POST /api/v1/session": lambda g, r, i: ("POST", "/api/v1/session", {"json": {"username": f"nobody.{r}",
                                                                                   "password": "wrong password"}}),
    "GET /api/v1/session": lambda g, r, i: ("GET", "/api/v1/session", {}),
    "DELETE /api/v1/session": lambda g, r, i: ("DELETE", "/api/v1/session", {}),
    "GET /results": lambda g, r, i: ("GET", "/results", {"params": {"q": "a"}}),
    "GET /organisations/{org_id}": lambda g, r, i: ("GET", f"/organisations/{_org(g, r, i)}", {}),
    "GET /organisations/{org_id}/calendar": lambda g, r, i: (
        "GET", f"/organisations/{int(getattr(g, OBJECTS[r]['due'][i]))}/calendar", {"params": {"as_of": "2017-06-01"}}),
    "GET /organisations/{org_id}/calendar.ics": lambda g, r, i: (
        "GET", f"/organisations/{int(getattr(g, OBJECTS[r]['due'][i]))}/calendar.ics",
        {"params": {"as_of": "2017-06-01"}}),
    "GET /law": lambda g, r, i: ("GET", "/law", {}),
    "GET /law/{code}": lambda g, r, i: ("GET", "/law/fngo", {}),
    "GET /dashboards": lambda g, r, i: ("GET", "/dashboards", {}),
    "GET /dashboards/{key}": lambda g, r, i: ("GET", f"/dashboards/{CHART}", {}),
    "GET /dashboards/{key}.csv": lambda g, r, i: ("GET", f"/dashboards/{CHART}.csv", {}),
    "GET /login": lambda g, r, i: ("GET", "/login", {"params": {"next": "/"}}),
    "POST /login": lambda g, r, i: ("POST", "/login", {"data": {"username": f"nobody.{r}", "password": "wrong"}}),
    "POST /logout": lambda g, r, i: ("POST", "/logout", {"data": {"csrf_token": "none"}}),
    "GET /filings/new": lambda g, r, i: ("GET", "/filings/new", {"params": {
        "procedure": STARTS.get(r, "fngo_office_registration"), "org": _org(g, r, i)}}),
    "POST /filings": _start_page,
    "GET /filings/{filing_id}": lambda g, r, i: ("GET", f"/filings/{_filing(g, r, i)}", {}),
    "POST /filings/{filing_id}/fire": _fire_page,
    "GET /work": lambda g, r, i: ("GET", "/work", {"follow_redirects": False}),
    "GET /api/v1/work": lambda g, r, i: ("GET", "/api/v1/work", {}),
    "GET /api/v1/party/classes": lambda g, r, i: ("GET", "/api/v1/party/classes", {}),
    "GET /api/v1/party/committees": lambda g, r, i: ("GET", "/api/v1/party/committees", {}),
    "GET /api/v1/party/committees/{committee_id}": lambda g, r, i: (
        "GET", f"/api/v1/party/committees/{getattr(g, PLACED['committee'][i])}", {}),
    "GET /api/v1/party/coverage": lambda g, r, i: ("GET", "/api/v1/party/coverage", {}),
    "GET /api/v1/party/committees/{committee_id}/organisations": lambda g, r, i: (
        "GET", f"/api/v1/party/committees/{getattr(g, PLACED['committee'][i])}/organisations", {}),
    "GET /api/v1/party/organisations/{org_id}": lambda g, r, i: (
        "GET", f"/api/v1/party/organisations/{getattr(g, PLACED['org'][i])}", {}),
    "GET /party": lambda g, r, i: ("GET", "/party", {}),
    "GET /party/committees/{committee_id}": lambda g, r, i: (
        "GET", f"/party/committees/{getattr(g, PLACED['committee'][i])}", {}),
    "GET /party/committees/{committee_id}/organisations": lambda g, r, i: (
        "GET", f"/party/committees/{getattr(g, PLACED['committee'][i])}/organisations", {}),
    "GET /api/v1/coordination/groups": lambda g, r, i: ("GET", "/api/v1/coordination/groups", {}),
    "GET /api/v1/coordination/groups/{group}": lambda g, r, i: ("GET", "/api/v1/coordination/groups/gansu", {}),
    "GET /api/v1/coordination/provinces": lambda g, r, i: ("GET", "/api/v1/coordination/provinces", {}),
    "GET /api/v1/coordination/organisations/{org_id}": lambda g, r, i: (
        "GET", f"/api/v1/coordination/organisations/{_org(g, r, i)}", {}),
    "GET /api/v1/coordination/filings/{filing_id}": lambda g, r, i: (
        "GET", f"/api/v1/coordination/filings/{_filing(g, r, i)}", {}),
    "GET /coordination": lambda g, r, i: ("GET", "/coordination", {}),
    "GET /coordination.csv": lambda g, r, i: ("GET", "/coordination.csv", {}),
    "GET /coordination/{key}": lambda g, r, i: ("GET", "/coordination/national", {}),
}  # fmt: skip

# The grant each role's account holds.
GRANTS: dict[str, Callable[[Ground], dict[str, Any]]] = {
    "ngo": lambda g: {"role": "foreign_ngo_staff", "org": g.ngo_c},
    "partner": lambda g: {"role": "partner_unit_staff", "org": g.partner_p},
    "psu": lambda g: {"role": "psu_officer", "authority": g.psu1},
    "registrar": lambda g: {"role": "registrar_officer", "province": BEIJING},
    "registrar_national": lambda g: {"role": "registrar_officer", "national": True},
    "group": lambda g: {"role": "coordinating_group_member", "province": BEIJING},
    "group_national": lambda g: {"role": "coordinating_group_member", "national": True},
    "ecosoc": lambda g: {"role": "ecosoc_officer", "authority": g.psu2},
    "researcher": lambda g: {"role": "researcher"},
    "admin": lambda g: {"role": "administrator"},
    "social_org": lambda g: {"role": "social_org_staff", "org": g.prep_z},
    "unit": lambda g: {"role": "supervisory_unit_officer", "authority": g.unit_bj},
    "civil_affairs": lambda g: {"role": "civil_affairs_officer", "authority": g.civil_bj},
    "joint_committee": lambda g: {"role": "joint_committee_officer", "authority": g.joint_bj},
    "comprehensive_committee": lambda g: {"role": "comprehensive_committee_officer", "province": BEIJING},
}


def _walk(routes: list[Any]) -> list[Route]:
    """The app's routes, those of included routers too (FastAPI wraps each included router)."""
    out: list[Route] = []
    for r in routes:
        inner = getattr(r, "original_router", None)
        if inner is not None:
            out += _walk(inner.routes)
        elif isinstance(r, APIRoute | Route) and r.methods:
            out.append(r)
    return out


def routes() -> list[str]:
    app = app_at("sqlite:///unused.db")
    return [f"{m} {r.path}" for r in _walk(app.routes) for m in sorted((r.methods or set()) - {"HEAD"})]


def test_every_route_has_a_row() -> None:
    missing = sorted(set(routes()) - set(EXPECTED))
    assert not missing, f"routes without a row in the authorisation matrix: {missing}"
    assert not set(EXPECTED) - set(routes()), "rows for routes that no longer exist"
    assert set(EXPECTED) == set(REQUESTS)
    for key, row in EXPECTED.items():
        assert set(row) == set(ROLES), key


@pytest.fixture
def ground(world: World) -> Ground:  # noqa: F811 - the fixture imported above
    day = date(2017, 3, 1)
    with transaction(world.url) as s:
        def org(**kw: Any) -> int:
            return registry.add_organisation(s, org_record(**kw), actor=ACTOR, now=NOW)

        def authority(kind: str, name: str, province: str) -> int:
            return registry.add_authority(s, kind=kind, level="provincial", name_zh=None, name_en=name,
                                          province=province, actor=ACTOR, now=NOW)  # fmt: skip

        def relate(predicate: str, org_id: int, authority_id: int) -> None:
            registry.relate(s, predicate, subject=("org", org_id), obj=("authority", authority_id),
                            valid_from=date(2016, 1, 1), actor=ACTOR, now=NOW)  # fmt: skip

        def start(code: str, org_id: int, values: dict[str, str]) -> int:
            return filings.start(s, code, org_id=org_id, on=day, actor=ACTOR, now=NOW, values=values).id

        ngo_d = org(kind="foreign_ngo", name_en="Delta Relief", origin="FR")
        reg_d = start("fngo_office_registration", ngo_d, {"psu_authority_id": str(world.psu1),
                                                          "registrar_province": BEIJING})
        civil_bj = authority("registrar_civil_affairs", "Beijing Civil Affairs Bureau", BEIJING)
        unit_bj = authority("supervisory_unit", "Beijing Association for Science and Technology", BEIJING)
        civil_sh = authority("registrar_civil_affairs", "Shanghai Civil Affairs Bureau", SHANGHAI)
        unit_sh = authority("supervisory_unit", "Shanghai Education Commission", SHANGHAI)
        assoc_y = org(kind="social_association", name_en="Beijing Engineers Association", province=BEIJING,
                      registered_on="2016-01-01")  # fmt: skip
        relate("registered_with", assoc_y, civil_bj)
        relate("sponsored_by", assoc_y, unit_bj)
        relate("registered_with", world.social_x, civil_sh)
        relate("sponsored_by", world.social_x, unit_sh)
        insp_y = start("association_inspection", assoc_y, {"year": "2016"})
        prep_z = org(kind="social_association", name_en="Beijing Translators Association", province=BEIJING,
                     preparing=True)  # fmt: skip
        reg_z = start("association_registration", prep_z, {"path": "dual", "supervisory_unit_id": str(unit_bj),
                                                           "registrar_authority_id": str(civil_bj)})
        prep_v = org(kind="social_association", name_en="Shanghai Librarians Association", province=SHANGHAI,
                     preparing=True)  # fmt: skip
        reg_v = start("association_registration", prep_v, {"path": "dual", "supervisory_unit_id": str(unit_sh),
                                                           "registrar_authority_id": str(civil_sh)})
        committees = []
        for where in (BEIJING, SHANGHAI):
            top = party.add_committee(s, tier="comprehensive", name_zh=None, name_en=f"Comprehensive {where}",
                                      locality=where, established_on=date(2016, 6, 1), source="seed 001",
                                      actor=ACTOR, now=NOW)  # fmt: skip
            joint = party.add_committee(s, tier="joint", name_zh=None, name_en=f"Joint {where}", locality=where,
                                        established_on=date(2016, 6, 1), source="seed 001", leader=top,
                                        class_code="kind:social_association", capacity=50, actor=ACTOR,
                                        now=NOW)  # fmt: skip
            committees += [top, joint]
        party.seat(s, assoc_y, committees[1], on=day, actor=ACTOR, now=NOW)
        # the World's social_x has no registration day, which `party.seat` asks for: its seat is recorded as such
        registry.relate(s, "sits_under", subject=("org", world.social_x), obj=("authority", committees[3]),
                        valid_from=day, actor=ACTOR, now=NOW)  # fmt: skip
    return Ground(world, ngo_d, reg_d, civil_bj, unit_bj, civil_sh, unit_sh, assoc_y, insp_y, prep_z, reg_z, prep_v,
                  reg_v, *committees)  # fmt: skip


def test_the_authorisation_matrix(ground: Ground) -> None:
    url = ground.url
    app = app_at(url)
    # each from an address of its own, so that the failed sign-ins of one do not rate-limit the next
    clients = {r: TestClient(app, headers=bearer(token(url, f"user.{r}", **GRANTS[r](ground))) if r in GRANTS else {},
                             client=(f"10.0.0.{i + 1}", 50000), follow_redirects=False)
               for i, r in enumerate(ROLES)}  # fmt: skip
    got: dict[str, dict[str, tuple[int, int]]] = {}
    for key in routes():
        got[key] = {}
        for role in ROLES:
            statuses = []
            for which in (0, 1):
                method, path, kw = REQUESTS[key](ground, role, which)
                r = clients[role].request(method, path, **kw)
                statuses.append(r.status_code)
                if r.status_code >= 400 and path.startswith("/api/"):
                    assert set(r.json()["error"]) == {"code", "message", "refusals", "basis"}, (key, role, r.text)
                elif r.status_code >= 400:  # a page says why in the page (the calendar file, in plain text)
                    assert r.headers["content-type"].startswith(("text/html", "text/plain")) and r.text, (key, role)
            got[key][role] = (statuses[0], statuses[1])
    wrong = {f"{k} as {r}": f"got {got[k][r]}, expected {EXPECTED[k][r]}" for k in got for r in ROLES
             if got[k][r] != EXPECTED[k][r]}  # fmt: skip
    assert not wrong, "\n".join(f"{k}: {v}" for k, v in sorted(wrong.items()))


def test_lists_show_what_single_reads_allow(ground: Ground) -> None:
    """Whatever a role may read one by one is in its lists and search results, and nothing else: the filter
    is in the query, so pages and counts cannot leak the rest. The audit log holds no event of a filing the
    role may not read."""
    url = ground.url
    app = app_at(url)
    for role in ROLES:
        c: TestClient = client_as(url, token(url, f"list.{role}", **GRANTS[role](ground)) if role in GRANTS else None,
                                  app)  # fmt: skip
        orgs = {o["id"] for o in c.get("/api/v1/organisations", params={"limit": 1000}).json()["items"]}
        search = c.get("/api/v1/organisations/search", params={"q": "a", "limit": 200})
        found = {o["id"] for o in search.json()["items"]}
        counted = sum(x["count"] for x in c.get("/api/v1/statistics/organisations", params={"by": "kind"}).json())
        fs = {f["id"] for f in c.get("/api/v1/filings", params={"limit": 1000}).json()["items"]}
        for o in ground.all_orgs:
            readable = c.get(f"/api/v1/organisations/{o}").status_code == 200
            assert (o in orgs) == readable, (role, "organisation", o)
            assert o not in found or readable, (role, "search", o)
        assert counted <= len(orgs)
        for f in ground.all_filings:
            readable = c.get(f"/api/v1/filings/{f}").status_code == 200
            assert (f in fs) == readable, (role, "filing", f)
            if not readable:
                events = c.get("/api/v1/audit/events", params={"subject_type": "filing", "subject_id": f}).json()
                assert events["items"] == [], (role, "audit", f)


def test_public_security_reaches_no_unpublished_domestic_filing(ground: Ground) -> None:
    """The Foreign NGO Law's registrars and coordinating groups reach the organisations in their territory, but
    of their filings only the Law's own: a social organisation's drafts, applications and reports are for its
    civil affairs registrar and its supervisory unit (Social Association Regulations arts. 6, 24, 25), so a
    Beijing public security organ neither reads nor acts on those of a Beijing association, nor does a national
    grant on any."""
    url = ground.url
    app = app_at(url)
    domestic = (ground.insp_y, ground.reg_z, ground.reg_v)
    for role in ("registrar", "registrar_national", "group", "group_national"):
        c = TestClient(app, headers=bearer(token(url, f"ps.{role}", **GRANTS[role](ground))), follow_redirects=False)
        listed = {f["id"] for f in c.get("/api/v1/filings", params={"limit": 1000}).json()["items"]}
        assert listed.isdisjoint(domestic), role
        for f in domestic:
            assert c.get(f"/api/v1/filings/{f}").status_code == 403, (role, f)
            assert c.get(f"/api/v1/filings/{f}/options", params={"on": "2017-03-01"}).status_code == 403, (role, f)
            for transition in ("consent", "apply", "register", "refuse"):
                r = c.post(f"/api/v1/filings/{f}/fire", json={"transition": transition, "on": "2017-03-01"},
                           headers={"If-Match": '"0"'})  # fmt: skip
                assert r.status_code in (403, 422), (role, f, transition, r.text)  # 422: no such step
            events = c.get("/api/v1/audit/events", params={"subject_type": "filing", "subject_id": f}).json()
            assert events["items"] == [], (role, f)
        assert c.get(f"/api/v1/filings/{ground.reg_d}").status_code == 200, role  # still the Law's own


def test_public_security_reads_no_domestic_obligation(ground: Ground) -> None:
    """Nor does it read a social organisation's obligations under the regulations (the annual inspection's
    deadlines, which name the unpublished report and say whether it was sent), though it reads the
    organisation: its obligations list only those of the Foreign NGO Law's procedures."""
    url = ground.url
    c = client_as(url, token(url, "ps.dues", **GRANTS["registrar"](ground)))
    r = c.get("/api/v1/due", params={"as_of": "2017-06-01", "org": ground.assoc_y})
    assert r.status_code == 403 or r.json()["items"] == [], r.text


def test_the_public_sees_a_published_filing_redacted(ground: Ground) -> None:
    app = app_at(ground.url)
    public = TestClient(app).get(f"/api/v1/filings/{ground.act_filed}").json()
    full = client_as(ground.url, token(ground.url, "admin", "administrator"), app).get(
        f"/api/v1/filings/{ground.act_filed}").json()
    assert "partner_org_id" in full["data"] and "partner_org_id" not in public["data"]
    assert public["data"]["activity_name"] == full["data"]["activity_name"]
    assert public["deadlines"] == [] and all(e["actor"] == "" for e in public["history"])


# What an account asks of a route that takes one of the actions no one reads in public: a request the
# route would accept from someone holding the action, so that a 403 can only be the missing action.
GRANTED_ONLY: dict[Action, Callable[[Ground, str], dict[str, Any]]] = {
    Action.START_FILING: lambda g, code: {"json": {"procedure": code, "org_id": g.ngo_c, "values": {}}},
    Action.FIRE: lambda g, code: {"json": {"transition": "accept", "on": "2017-03-01"},
                                  "headers": {"If-Match": '"0"'}},
    Action.READ_DUE: lambda g, code: {"params": {"as_of": "2017-06-01"}},
    Action.RUN_IMPORT: lambda g, code: {"content": b""},
    Action.READ_PLACEMENT: lambda g, code: {},
}  # fmt: skip
ANCHORS: dict[Scope, Callable[[Ground], dict[str, Any]]] = {
    Scope.ORGANISATION: lambda g: {"org": g.ngo_c}, Scope.AUTHORITY: lambda g: {"authority": g.psu1},
    Scope.PROVINCE: lambda g: {"province": BEIJING}, Scope.NATIONAL: lambda g: {"national": True},
    Scope.NONE: lambda g: {},
}  # fmt: skip


def role_acts(role: RoleDef) -> set[Action]:
    """The actions a grant of `role` takes on any filing: starting and firing need a workflow role too."""
    steps = role.workflow_roles | role.national_workflow_roles
    return {a for a in role.actions if steps or a not in (Action.START_FILING, Action.FIRE)}


def startable(role: RoleDef) -> str:
    """A procedure a grant of `role` may start for a foreign NGO (its starters, else the roles of its first
    steps), else any: the refusal is then the role's."""
    cat = regimes.catalogue()
    steps = role.workflow_roles | role.national_workflow_roles
    for code, versions in sorted(cat.procedures.items()):
        p = max(versions.values(), key=lambda v: v.version)
        starter = cat.starters.get(code)
        first = {r for t in p.transitions if p.initial in t.source for r in t.roles}
        if steps & (starter.roles if starter else first) and (not starter or not starter.for_kinds
                                                              or "foreign_ngo" in starter.for_kinds):
            return code
    return sorted(cat.procedures)[0]


def _acting_routes() -> list[tuple[str, str, Action]]:
    app = app_at("sqlite:///unused.db")
    out = []
    for r in _walk(app.routes):
        action = (getattr(r, "openapi_extra", None) or {}).get("x-action")
        if action in GRANTED_ONLY:
            out += [(m, r.path, Action(action)) for m in sorted((r.methods or set()) - {"HEAD"})]
    return out


def test_every_declared_role_and_scope_has_an_account_in_the_matrix() -> None:
    scope_of = {"org": Scope.ORGANISATION, "authority": Scope.AUTHORITY, "province": Scope.PROVINCE,
                "national": Scope.NATIONAL}  # fmt: skip
    stub = Ground(World(*["sqlite:///unused.db", *range(1, 16)]), *range(98, 114))  # type: ignore[arg-type]
    held = {(kw["role"], next((s for k, s in scope_of.items() if k in kw), Scope.NONE))
            for kw in (grant(stub) for grant in GRANTS.values())}  # fmt: skip
    declared = {(name, s) for name, r in regimes.catalogue().roles.items() for s in r.scopes}
    assert declared - held == set(), "declared roles and scopes no account of the matrix holds"


@pytest.mark.parametrize("extra", [(), (toy.REGIME,)], ids=["shipped", "with the test regime"])
def test_an_action_a_role_is_not_given_is_refused_on_every_route_that_takes_it(
        ground: Ground, extra: tuple[Regime, ...]) -> None:  # fmt: skip
    """Generated from the declarations: every role of every registered regime, at every scope it takes, on
    every route that takes an action the public never has — refused (403) where the role is not given the
    action, and let through where it is and its reach is the whole country."""
    with ExitStack() as stack:
        for r in extra:
            stack.enter_context(regimes.registered(r))
        cat = regimes.catalogue()
        app = app_at(ground.url)
        acting = _acting_routes()
        assert {a for _, _, a in acting} == set(GRANTED_ONLY)  # every such action has its route
        checked = 0
        for i, (name, role) in enumerate(sorted(cat.roles.items())):
            for j, scope in enumerate(sorted(role.scopes)):
                tok = token(ground.url, f"gen.{i}.{j}", name, **ANCHORS[scope](ground))
                client = TestClient(app, headers=bearer(tok), follow_redirects=False)
                for method, path, action in acting:
                    path = path.format(filing_id=ground.reg_d, org_id=ground.ngo_c, file="offices",
                                       committee_id=ground.joint_bj)  # fmt: skip
                    r = client.request(method, path, **GRANTED_ONLY[action](ground, startable(role)))
                    forbidden = r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
                    whole_country = role.reach.everything or (role.reach.country_wide and scope == Scope.NATIONAL)
                    if action not in role.actions:
                        assert forbidden, (name, scope, method, path, r.status_code, r.text)
                    elif whole_country and action in role_acts(role):
                        assert not forbidden, (name, scope, method, path, r.status_code, r.text)
                    checked += 1
        assert checked >= len(cat.roles) * len(acting)
