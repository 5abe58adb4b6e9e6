"""The API's request and response bodies, as the OpenAPI document publishes them. Requests refuse fields
they do not know; responses are what the services return, checked against these models."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Path as PathParam
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ngoreg import bounds
from ngoreg.web.http import RefusalOut


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character, which no field may hold")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
# A request's texts, bounded as `bounds` states: a 422 naming the field before anything reads them.
Code = Annotated[str, Field(max_length=bounds.CODE), AfterValidator(_no_nul)]
Day = Annotated[str, Field(max_length=bounds.CODE, description="YYYY-MM-DD"), AfterValidator(_no_nul)]
Value = Annotated[str, Field(max_length=bounds.TEXT), AfterValidator(_no_nul)]
Values = Annotated[dict[Code, Value], Field(max_length=bounds.ITEMS)]
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; a larger one names nothing
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
IdPath = Annotated[int, PathParam(ge=1, le=MAX_ID, description="The row's id")]
T = TypeVar("T")


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = Field(description="Cursor of the next page (pass it as `cursor`); null on the last page")


class Label(BaseModel):
    zh: str
    en: str


# ---- organisations -----------------------------------------------------------------------------------


class OrganisationSummary(BaseModel):
    id: int
    kind: str
    name_zh: str | None = None
    name_en: str | None = None
    uscc: str | None = Field(None, description="Unified social credit code (GB 32100-2015)")
    origin: str | None = Field(None, description="ISO 3166-1 alpha-2 code of the country or region of origin")
    province: str | None = Field(None, description="GB/T 2260 code")
    fields: list[str] = Field(default_factory=list, description="Fields of work")
    gongo: bool | None = None
    public_fundraising: bool | None = None
    status: str
    registered_on: date | None = None
    ended_on: date | None = None
    parent_id: int | None = None
    aliases: list[str] | None = None
    former_names: list[str] | None = None
    kind_label: Label
    province_label: Label | None = None
    origin_label: str | None = None


class RelationOut(BaseModel):
    id: int
    predicate: str
    subject_org_id: int | None
    subject_authority_id: int | None
    object_org_id: int | None
    object_authority_id: int | None
    valid_from: date | None
    valid_to: date | None


class VersionSpan(BaseModel):
    valid_from: date
    valid_to: date | None


class Organisation(OrganisationSummary):
    version: int = Field(description="Optimistic-lock version of the current record")
    as_of: date | None = Field(description="The day the record is shown as of; null for now")
    relations: list[RelationOut]
    history: list[VersionSpan]


class SearchHit(OrganisationSummary):
    matched: str = Field(description="The name that matched")
    rank: int = Field(description="0 whole name, 1 start of a name, 2 whole word, 3 substring")


class SearchResults(BaseModel):
    items: list[SearchHit]


class Authority(BaseModel):
    id: int
    kind: str
    level: str
    name_zh: str | None
    name_en: str | None
    province: str | None
    parent_id: int | None
    note: str | None


class OrgCount(BaseModel):
    key: str | None
    count: int


# ---- procedures and filings --------------------------------------------------------------------------


class Title(BaseModel):
    en: str
    zh: str


class ProcedureSummary(BaseModel):
    code: str
    version: date
    title: Title
    basis: list[str]


class ProcedureField(BaseModel):
    name: str
    type: str
    label: str
    basis: str | None
    choices: list[str]


class GuardOut(BaseModel):
    name: str
    refusal: str
    basis: str


class TransitionOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    name: str
    label: str
    from_: list[str] = Field(alias="from")
    to: str
    roles: list[str]
    basis: str
    event: str
    requires: list[str]
    guards: list[GuardOut]
    registry: str | None = Field(None, description="What the decision does to the registry, if anything")


class DeadlineRule(BaseModel):
    name: str
    label: str
    period: str
    basis: str
    opened_by: str | None
    counts_from: str | None
    met_by: list[str]
    on_expiry: str | None


class StartStep(BaseModel):
    requires: list[str] = Field(description="Fields the filing must be given when it starts")


class Procedure(ProcedureSummary):
    states: list[str]
    initial: str
    start: StartStep
    fields: list[ProcedureField]
    transitions: list[TransitionOut]
    deadlines: list[DeadlineRule]


class StartFiling(Request):
    procedure: Code = Field(description="Procedure code (GET /api/procedures lists them)")
    org_id: RowId
    values: Values = Field(default_factory=dict, description="field → value, as `--set field=value`")
    on: Day | None = Field(None, description="Day the filing starts (YYYY-MM-DD); today if omitted")
    role: Code | None = Field(None, description="Workflow role to start it as, when the account's "
                                                "grants give it several; by default the one they give")


class FireTransition(Request):
    transition: Code
    on: Day = Field(description="Day of the act (YYYY-MM-DD)")
    role: Code | None = Field(None, description="Workflow role to act as, when the account "
                                                "acts as several on the filing; by default the one it does")
    values: Values = Field(default_factory=dict)
    reason: Value | None = None


class FilingSummary(BaseModel):
    id: int
    procedure: str
    procedure_version: date
    org_id: int
    state: str
    version: int
    started_on: date


class DeadlineOut(BaseModel):
    name: str
    basis: str
    opened_on: date
    due_on: date
    provisional: bool
    status: str
    closed_on: date | None


class FilingEvent(BaseModel):
    id: int
    on: date
    action: str
    actor: str
    actor_name: str
    basis: str | None
    reason: str | None


class Filing(BaseModel):
    id: int
    procedure: str
    procedure_version: date
    title: Title
    org_id: int
    state: str
    version: int = Field(description="Also the ETag; send it back in If-Match to make a stale write a 409")
    data: dict[str, Any]
    deadlines: list[DeadlineOut]
    history: list[FilingEvent]


class Option(BaseModel):
    transition: str
    label: str
    allowed: bool
    basis: str
    refusals: list[RefusalOut]
    role: str | None = Field(None, description="The workflow role the option is for")


# ---- compliance, statistics, checks, figures -------------------------------------------------------


class Obligation(BaseModel):
    org_id: int
    org_name: str
    filing_id: int | None
    obligation: str
    label: str
    due_on: date
    status: str
    basis: str
    provisional: bool


class StatRow(BaseModel):
    key: str | None
    count: int
    label_zh: str | None


class FindingSource(BaseModel):
    source: str
    line: int | None


class Finding(BaseModel):
    rule: str
    basis: str
    basis_zh: str
    subject: str
    org_id: int | None
    message: str
    source: FindingSource | None


class CheckReport(BaseModel):
    findings: list[Finding]
    counts: dict[str, int]
    checked: dict[str, int]
    not_checked: dict[str, int]


class Figure(BaseModel):
    key: str
    value: int | float
    unit: str
    refers_to: str
    description_en: str
    description_zh: str | None
    source: str
    line: int | None
    note: str | None


# ---- law --------------------------------------------------------------------------------------------


class ActVersion(BaseModel):
    adopted: date = Field(description="The day this text was adopted, or amended into this wording")
    in_force: date = Field(description="The day this text came into force; `?on=` this day shows it")
    amended: bool
    label: str = Field(description="How a citation of this text names it where the act has several: (2016)")
    shipped: bool = Field(description="Whether ngoreg ships this text")
    articles: int = Field(description="Articles in the text (0: text not shipped)")


class Act(BaseModel):
    code: str
    title_zh: str
    title_en: str
    numbering: str = Field(description="articles (第X条, 款, 项) or paragraphs (para. 61(a))")
    text_as_of: date = Field(description="The day the latest text was adopted or amended")
    articles: int = Field(description="Articles in the latest shipped text (0: text not shipped)")
    versions: list[ActVersion] = Field(description="Its texts, the oldest first")


class Chapter(BaseModel):
    title: str
    articles: list[int]


class ActText(Act):
    title: str
    version: ActVersion = Field(description="The text shown: the one in force on `on`")
    chapters: list[Chapter]


class Paragraph(BaseModel):
    text: str
    items: list[str]


class Article(BaseModel):
    act: str
    number: int
    in_force: date = Field(description="The day the text this article is of came into force")
    citation: str
    citation_zh: str
    chapter: str
    paragraphs: list[Paragraph]


# ---- audit ------------------------------------------------------------------------------------------


class AuditEvent(BaseModel):
    id: int
    recorded_at: datetime
    effective_on: date
    actor: str
    actor_name: str
    action: str
    subject: str = Field(description="type/id, e.g. filing/12")
    basis: str | None
    reason: str | None
    before: str | None = Field(description="The state before, as canonical JSON text (what the hash covers)")
    after: str | None = Field(description="The state after, as canonical JSON text")
    request_id: str | None
    hash: str


class RowMismatch(BaseModel):
    table: str = Field(description="organisations or filings")
    id: int
    field: str | None = Field(description="The column (a filing's data: data.KEY); null when the row or its "
                                          "events are missing")
    logged: Any = Field(description="The value in the state the latest audit event left")
    current: Any = Field(description="The value in the table now (or what is missing)")
    event: int | None = Field(description="The audit event the row was compared with")


class ChainVerdict(BaseModel):
    ok: bool = Field(description="The chain holds and every organisation and filing is as the log left it")
    checked: int = Field(description="Events whose hash and link hold")
    broken_at: int | None = Field(description="The first event whose hash or link does not hold")
    problem: str | None
    rows: dict[str, int] = Field(description="Rows compared with the state their latest audit event left, by table")
    mismatched: int = Field(description="Rows that differ from the log")
    mismatches: list[RowMismatch] = Field(description="The first 100 differences")


# ---- imports ----------------------------------------------------------------------------------------


class RowNote(BaseModel):
    line: int
    reason: str


class OrgImportReport(BaseModel):
    loaded: int
    skipped_existing: int
    rejected: int
    loaded_nothing_because_strict: bool
    rejections: list[RowNote]


class RepeatedRow(BaseModel):
    line: int
    repeats_line: int = Field(description="The earlier line this row repeats field for field")


class FieldDisagreement(BaseModel):
    line: int
    text: list[str] = Field(description="The fields of work the `Field of Work` cell names")
    onehot: list[str] = Field(description="The fields of work the one-hot columns mark")


class ChinaFileImportReport(OrgImportReport):
    duplicates: int
    repeats: int = Field(description="Rows repeating an earlier row, loaded as filings of their own")
    warnings: int
    created: dict[str, int]
    duplicate_rows: list[RowNote]
    repeated_rows: list[RepeatedRow]
    field_disagreements: list[FieldDisagreement] = Field(
        description="Activities whose `Field of Work` text and one-hot field columns disagree")
    row_warnings: list[RowNote]


class Disagreement(BaseModel):
    line: int
    field: str = Field(description="The catalogue's column, `prov` or `reg_dept`")
    row: str = Field(description="What the column says")
    code: str = Field(description="What the credit code says")


class UndatedRow(BaseModel):
    line: int
    est_date: str = Field(description="The catalogue's `est_date` as written: a placeholder or an empty range")


class FoundationImportReport(OrgImportReport):
    duplicates: int
    disagreements: int
    undated: int
    created: dict[str, int]
    duplicate_rows: list[RowNote]
    disagreement_rows: list[Disagreement] = Field(
        description="Rows loaded whose province or registrar level is not the one their credit code gives")
    undated_rows: list[UndatedRow] = Field(description="Foundations loaded without a registration date")


# ---- work queues ------------------------------------------------------------------------------------


class WorkItem(BaseModel):
    key: str = Field(description="The kind of step (e.g. `registrar.decide_registration`), or `obligation`")
    what: str
    filing_id: int | None = Field(description="None: a yearly duty nobody has started a filing for yet")
    org_id: int
    org_name_zh: str | None
    org_name_en: str | None
    due_on: date | None = Field(description="None: the law sets no period for this step")
    days_left: int | None = Field(description="Days from today to the last day; negative when overdue")
    overdue: bool
    period_days: int | None = Field(description="The statutory period the due day closes (e.g. 60)")
    basis: str


class WorkGrant(BaseModel):
    role: str
    scope: str
    org_id: int | None
    authority_id: int | None
    province: str | None


class WorkQueue(BaseModel):
    grant: WorkGrant
    items: list[WorkItem]
    more: bool = Field(description="More items wait than `limit` let through")


class Work(BaseModel):
    on: date
    queues: list[WorkQueue]


# ---- the Party-building structure -------------------------------------------------------------------------


class PartyCommittee(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: int
    name_zh: str | None
    name_en: str | None
    tier: str = Field(description="comprehensive (综合党委) or joint (联合党委)")
    class_: str | None = Field(alias="class", description="The class a joint committee serves (`/party/classes`)")
    class_en: str | None
    class_zh: str | None
    capacity: int | None = Field(description="How many organisations a joint committee is to cover")
    locality: str = Field(description="GB/T 2260 code")
    leader: int | None = Field(description="The comprehensive committee leading a joint committee")
    established_on: date
    dissolved_on: date | None
    source: str = Field(description="Where the committee is reported")
    organisations: int | None = Field(description="Organisations sitting under a joint committee on the day")
    with_party_organisation: int | None = Field(description="Of which with a Party organisation of their own")


class PartyCommitteeDetail(PartyCommittee):
    open: bool = Field(description="Whether it existed on the day")
    led_by: PartyCommittee | None = Field(description="The comprehensive committee leading it")
    joint_committees: list[PartyCommittee] = Field(description="The joint committees a comprehensive one leads")


class PartyClass(BaseModel):
    code: str = Field(description="kind:<kind>, category:<code> or field:<code>")
    en: str
    zh: str


class SeatedOrganisation(BaseModel):
    id: int
    kind: str
    name_zh: str | None
    name_en: str | None
    committee: int
    since: date
    party_organisation: bool = Field(description="Whether it has a Party organisation of its own on the day")


class Seat(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    committee: int
    name_zh: str | None
    name_en: str | None
    class_: str | None = Field(alias="class")
    from_: date = Field(alias="from")
    to: date | None


class Span(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from")
    to: date | None


class Placement(BaseModel):
    org: int
    seats: list[Seat] = Field(description="Every joint committee it sat under, oldest first")
    party_organisation: list[Span] = Field(description="The spans it had a Party organisation of its own")


class CoverageRow(BaseModel):
    key: str
    organisations: int
    with_party_organisation: int
    share: float | None


class SeedFigure(BaseModel):
    key: str
    value: float | int | None
    unit: str | None
    refers_to: str | None
    description_en: str
    description_zh: str
    source: str
    line: int | None


class Coverage(BaseModel):
    as_of: date
    by: str
    rows: list[CoverageRow]
    seed: list[SeedFigure] = Field(description="What seed 001 states of Beijing's structure, beside the counts")
# ---- coordinating groups (FNGO Law art. 7(2)) -------------------------------------------------------------


class FactSource(BaseModel):
    kind: str = Field(description="seed (a line of a seed document) or law (an article of a statute)")
    label: str = Field(description="`seed FILE line N` or the citation, e.g. FNGO Law art. 7(2)")
    file: str | None = None
    line: int | None = None
    quote: str | None = Field(None, description="The words on that line that state the fact")
    citation: str | None = None
    citation_zh: str | None = None


class GroupFact(BaseModel):
    fact: str = Field(description="name_en, lead_body, other_members, known_members, established, reported_by, "
                                  "leading_in_title")
    value: bool | int | str | list[str] | None = Field(description="null where not reported")
    reported: bool
    source: FactSource | None = Field(description="Where the fact is stated; with a null value, the source that "
                                                  "says it is not known; null where nothing states it")


class CoordinatingGroup(BaseModel):
    key: str = Field(description="national, or the province's key (gansu, inner_mongolia, …)")
    level: str = Field(description="national or provincial")
    province: str | None = Field(description="GB/T 2260 code; null for the national group")
    province_en: str | None
    province_zh: str | None
    name_en: str
    coordinates_from: date = Field(description="The first day it is taken to coordinate")
    coordinates_from_basis: str = Field(description="established (the last day of the period the source dates "
                                                    "its establishment in) or reported_by (the day a source first "
                                                    "reports it)")
    status: str = Field(description="coordinating or not_yet, on `as_of`")
    basis: str = Field(description="The article establishing the mechanism")


class CoordinatingGroupDetail(CoordinatingGroup):
    facts: list[GroupFact]
    basis_source: FactSource


class ProvinceCoordination(BaseModel):
    province: str | None = Field(description="GB/T 2260 code; `all` for the whole mainland; null if not known")
    province_en: str | None
    province_zh: str | None
    group: str | None = Field(description="The key of the province's group; null where none is reported")
    group_name_en: str | None = None
    coordinates_from: date | None = None
    status: str = Field(description="coordinating, not_yet, not_reported, whole_mainland or province_unknown")


class ProvinceDashboardRow(ProvinceCoordination):
    offices: int = Field(description="Representative offices registered that day, of those the caller may see")
    activities: int = Field(description="Temporary activities filed and begun by that day, of those the caller "
                                        "may see (one under each province of an activity)")
    chinafile_offices: int = Field(description="The offices ChinaFile's list gives for the province that day")
    chinafile_activities: int = Field(description="The activities ChinaFile's list gives for the province, begun "
                                                  "by that day")


class CoordinationSubject(BaseModel):
    type: str = Field(description="organisation or filing")
    id: int
    kind: str = Field(description="The organisation's kind or the filing's procedure")
    name: str | None


class NationalCoordination(BaseModel):
    group: str
    status: str
    coordinates_from: date


class Coordination(BaseModel):
    subject: CoordinationSubject
    as_of: date
    coordinated: bool = Field(description="Whether it is an office registered that day or a filed activity")
    reason: str | None = Field(description="Why it is not coordinated")
    national: NationalCoordination | None
    provinces: list[ProvinceCoordination]
    groups: list[CoordinatingGroup] = Field(description="The groups coordinating it on `as_of`")
    basis: str
