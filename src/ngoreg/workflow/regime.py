"""What a regime declares beside its procedures: who may act in it and how far each one reaches, which
parties its filings record, what the public may see, the work its steps make, the duties it imposes every
year, and the words, charts and checks that come with it.

A regime is a package under `ngoreg.regimes` whose `REGIME` is a `Regime`; the generic modules (access,
filings, compliance, web, cli, reporting) read these declarations from `ngoreg.regimes` and never name a
procedure or a role themselves. A declaration that does not hold together is refused when the regime is
registered (`Regime.check`), with the name of what is wrong, so a broken regime never reaches a user."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any, Literal

from ngoreg.access.roles import RoleDef
from ngoreg.law.citation import Citation
from ngoreg.workflow.spec import AT_START, CalendarDay, Field, Guard, Procedure

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Anchor = Literal["org", "authority", "territory"]


class RegimeError(ValueError):
    """A regime's declarations do not hold together."""


@dataclass(frozen=True)
class Party:
    """A party a filing records beside its organisation: whoever fires a step of one of `procedures` as
    workflow role `role` stands for it, and the acting grant's `anchor` (its organisation, its authority or
    its territory) is kept in data field `field`, unless the filing already names one. Access reaches
    filings through it (`access.reach.Names`)."""

    role: str
    field: str
    anchor: Anchor
    procedures: frozenset[str]
    basis: Citation
    authority_kind: str | None = None  # for an authority: the kind a form offers to choose from


@dataclass(frozen=True)
class Starter:
    """Who may start a filing of `procedure` where that is not the roles of its first transitions (an
    office's application is drafted by the foreign NGO, though the supervisory unit's consent is its first
    step); with `for_kinds`, they start one for any organisation of those kinds, and only those, whether or
    not their grant reaches it (a partner unit files for a foreign NGO it has no tie to yet)."""

    procedure: str
    roles: frozenset[str]
    for_kinds: frozenset[str] = frozenset()
    basis: Citation | None = None


@dataclass(frozen=True)
class Published:
    """What the public sees of a procedure's filings: those in `states`, and of them only `fields` and the
    data an import records beside the procedure's fields (`imported`: a public list's translations)."""

    procedure: str
    states: frozenset[str]
    fields: frozenset[str]
    basis: str
    imported: frozenset[str] = frozenset()

    @property
    def shown(self) -> frozenset[str]:
        return self.fields | self.imported


@dataclass(frozen=True)
class PublicThrough:
    """An organisation of `kind` becomes public once it has set up a public organisation of `child_kind`,
    or has a public filing of `procedure` (one of the two)."""

    kind: str
    basis: str
    child_kind: str | None = None
    procedure: str | None = None


@dataclass(frozen=True)
class Task:
    """One kind of step a workflow role takes: on filings of `procedure` in one of `states`, listed in its
    work queue, due on the last day of the filing's `deadline`, or `lead_days` before the date in data field
    `starts` unless data field `unless` is true, or undated."""

    key: str
    role: str
    procedure: str
    states: tuple[str, ...]
    what: str  # English; the pages translate it
    basis: tuple[Citation, ...]
    deadline: str | None = None
    period_days: int | None = None  # the statutory period that deadline counts, shown beside it
    starts: str | None = None
    lead_days: int = 0
    unless: str | None = None


@dataclass(frozen=True)
class YearlyDuty:
    """The yearly deadlines of `procedure` (a `CalendarDay` running from the start) are owed every year by
    every organisation of `owed_by` registered for that year, whether or not a filing was started."""

    procedure: str
    owed_by: frozenset[str]
    # Deadlines (by name) owed only by an organisation that has a professional supervisory unit: its review
    # comes first where there is one (Social Association Regulations art. 28(1)), and a directly registered
    # organisation owes it nothing.
    sponsored_only: frozenset[str] = frozenset()
    # Owed only by an organisation that holds this mark (key, value) on the day it falls due: a charity's
    # reports (Charity Law art. 13), by a social organisation recognised as a charity.
    marked: tuple[str, str] | None = None


@dataclass(frozen=True)
class LocalRule:
    """A rule a locality lays on a national procedure: where a filing's locality (`facts["locality"]`, a
    GB/T 2260 province code the regime's facts give: the province of its registrar) is `locality`, step
    `transition` of `procedure` must also pass `guard`. The national text does not hold it, so `source` says
    where it comes from (a local regulation, or the practice a source describes). The `fields` it reads are
    added to the procedure, for every locality's forms to show where the rule applies."""

    key: str
    locality: str
    procedure: str
    transition: str
    guard: Guard
    source: str
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Mark:
    """A mark the regime's decisions give an organisation (`workflow.spec.Marks`, `Enters`): its `key` (the
    facet it is kept as), its `label` (an English message id) and the values it takes, which the
    organisation's page shows with their history."""

    key: str
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class ChartGroup:
    """A group of the dashboards, with its title (an English message id)."""

    key: str
    title: str


@dataclass(frozen=True)
class Row:
    """A row of a chart: a value as its source spells it (a province's English name, a month YYYY-MM, …), its
    Chinese where the source has one, and how many records have it."""

    key: str
    label_zh: str | None
    count: int


DRAWINGS = ("bars", "months", "tiles")  # `months` in time order; `tiles`, the tile-grid map of the provinces


@dataclass(frozen=True)
class Chart:
    """A chart of the dashboards (`web.pages.charts` draws it): where its rows come from, as of a day (today
    if None), and how it is drawn."""

    key: str  # the URL's slug
    group: str  # a `ChartGroup`'s key, a heading of the dashboards' index
    title: tuple[str, ...]  # English message ids, shown one after another
    measure: str  # what is counted, an English message id
    rows: Callable[[Session, date | None], list[Row]]
    draw: str = "bars"  # one of DRAWINGS
    figures: tuple[str, ...] = ()  # published figures (keys of `ngoreg figures list`) beside it
    dimension: str = "Value"  # what the rows are, an English message id: the table's first column
    overview: bool = False  # drawn small for its group on the dashboards' overview (else the group's first)


@dataclass(frozen=True)
class Headline:
    """A headline number of the dashboards' overview: the total of a chart's rows, where each record counts
    in exactly one row (by kind, by month), so that the total is the number of records; with `itemised`,
    its rows are listed under it."""

    chart: str  # the key of the chart it totals
    label: str  # what it counts, an English message id
    itemised: bool = False


@dataclass(frozen=True)
class OrgPage:
    """What the law says the public is told about an organisation of `kind`: articles as (act, article)."""

    kind: str
    articles: tuple[tuple[str, int], ...]


# Facts about a filing's organisation that the regime's guards need, as they stood on a day: given the
# session, the filing (`filings.models.Filing`) and the day, a mapping merged into `Context.facts`.
FactsReader = Callable[["Session", Any, date], Mapping[str, Any]]
# A rule check over the registry (`ngoreg check`): appends findings to the report (`reporting.findings`).
Check = Callable[["Session", Any], None]


@dataclass(frozen=True)
class Regime:
    code: str
    title_en: str
    title_zh: str
    procedures: tuple[Procedure, ...]
    roles: tuple[RoleDef, ...] = ()
    parties: tuple[Party, ...] = ()
    starters: tuple[Starter, ...] = ()
    published: tuple[Published, ...] = ()
    announced_kinds: frozenset[str] = frozenset()  # organisations public once registered, and after
    announced_basis: str = ""  # the provisions that announce them
    public_through: tuple[PublicThrough, ...] = ()
    tasks: tuple[Task, ...] = ()
    duties: tuple[YearlyDuty, ...] = ()
    # What the one who drafts a filing types, where that is not every field: procedure code → field names.
    start_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    facts: FactsReader | None = None
    chart_groups: tuple[ChartGroup, ...] = ()
    charts: tuple[Chart, ...] = ()
    headlines: tuple[Headline, ...] = ()
    checks: tuple[Check, ...] = ()
    org_pages: tuple[OrgPage, ...] = ()
    # The regime's words in each language: a folder holding `<lang>/LC_MESSAGES/messages.po` (`workflow.words`).
    catalogue: Traversable | None = None
    # States said in words of their own in one procedure, as (procedure code, state): a refused change is
    # not a refused registration.
    state_words: tuple[tuple[str, str], ...] = ()
    # Rules of localities laid on its national procedures (`LocalRule`): Beijing's, for one.
    local_rules: tuple[LocalRule, ...] = ()
    marks: tuple[Mark, ...] = ()

    def __post_init__(self) -> None:
        self.check()

    def procedure_versions(self, code: str) -> list[Procedure]:
        return [p for p in self.procedures if p.code == code]

    def check(self) -> None:
        problems: list[str] = []
        codes = {p.code for p in self.procedures}
        for what, names in (("procedure version", [(p.code, p.version) for p in self.procedures]),
                            ("role", [r.name for r in self.roles]),
                            ("party", [(p.role, p.field) for p in self.parties]),
                            ("duty", [d.procedure for d in self.duties]),
                            ("task", [t.key for t in self.tasks]),
                            ("starter", [s.procedure for s in self.starters]),
                            ("publication", [p.procedure for p in self.published]),
                            ("chart group", [g.key for g in self.chart_groups]),
                            ("chart", [c.key for c in self.charts]),
                            ("organisation page", [o.kind for o in self.org_pages]),
                            ("local rule", [r.key for r in self.local_rules]),
                            ("mark", [m.key for m in self.marks])):  # fmt: skip
            problems += [f"{what} {_name(n)} is declared twice" for n, k in Counter(names).items() if k > 1]

        def known(what: str, code: str) -> bool:
            if code not in codes:
                problems.append(f"{what} names procedure {code}, which is not one of the regime's")
            return code in codes

        for party in self.parties:
            for code in sorted(party.procedures):
                if known(f"party {party.role}", code):
                    for p in self.procedure_versions(code):
                        if p.field(party.field) is None:
                            problems.append(f"party {party.role}: {party.field} is not a field of {code}")
                        if not any(party.role in t.roles for t in p.transitions):
                            problems.append(f"party {party.role}: no step of {code} is the role's")
        for s in self.starters:
            if known(f"starter of {s.procedure}", s.procedure):
                for p in self.procedure_versions(s.procedure):
                    if not s.roles <= {r for t in p.transitions for r in t.roles}:
                        problems.append(f"starter of {s.procedure}: no step of it is taken by "
                                        f"{', '.join(sorted(s.roles - {r for t in p.transitions for r in t.roles}))}")
        for pub in self.published:
            if known(f"publication of {pub.procedure}", pub.procedure):
                for p in self.procedure_versions(pub.procedure):
                    states = {st.value for st in p.states}
                    problems += [f"publication of {p.code}: {st} is not a state" for st in sorted(pub.states - states)]
                    problems += [f"publication of {p.code}: public field {f} is not a field"
                                 for f in sorted(pub.fields) if p.field(f) is None]  # fmt: skip
        for through in self.public_through:
            if (through.child_kind is None) == (through.procedure is None):
                problems.append(f"publication of {through.kind}: through a child kind or a procedure, one of the two")
            if through.procedure is not None and known("publication through a filing", through.procedure) \
                    and through.procedure not in {p.procedure for p in self.published}:  # fmt: skip
                problems.append(f"publication of {through.kind}: {through.procedure} publishes no filing")
        for t in self.tasks:
            if known(f"task {t.key}", t.procedure):
                for p in self.procedure_versions(t.procedure):  # every version a filing may have started under
                    states = {s.value for s in p.states}
                    for st in t.states:
                        if st not in states or not any(t.role in tr.roles and st in tr.source for tr in p.transitions):
                            problems.append(f"task {t.key}: {t.role} takes no step in state {st} of {t.procedure}")
                    if t.deadline is not None and t.deadline not in {d.name for d in p.deadlines}:
                        problems.append(f"task {t.key}: {t.procedure} has no deadline {t.deadline}")
        for d in self.duties:
            if known(f"duty {d.procedure}", d.procedure):
                if not d.owed_by:
                    problems.append(f"duty {d.procedure}: owed by nobody")
                for p in self.procedure_versions(d.procedure):
                    if not any(x.opened_by is AT_START and isinstance(x.period, CalendarDay) for x in p.deadlines):
                        problems.append(f"duty {d.procedure}: {p.code} of {p.version} has no yearly deadline")
                    problems += [f"duty {d.procedure}: {p.code} has no deadline {n}" for n in sorted(d.sponsored_only)
                                 if n not in {x.name for x in p.deadlines}]  # fmt: skip
        for code, typed in self.start_fields.items():
            if known("start form", code):
                for p in self.procedure_versions(code):
                    problems += [f"start form of {code}: {n} is not a field" for n in typed if p.field(n) is None]
        for page in self.org_pages:
            for act_code, article in page.articles:
                try:
                    Citation(act_code, article).check()
                except Exception as exc:
                    problems.append(f"organisation page {page.kind}: {act_code} art. {article}: {exc}")
        groups = {g.key for g in self.chart_groups}
        for c in self.charts:
            if c.group not in groups:
                problems.append(f"chart {c.key}: {c.group} is not one of the regime's chart groups")
            if c.draw not in DRAWINGS:
                problems.append(f"chart {c.key}: unknown drawing {c.draw}")
        problems += [f"headline {h.label}: no chart {h.chart}" for h in self.headlines
                     if h.chart not in {c.key for c in self.charts}]  # fmt: skip
        for code, state in self.state_words:
            if known(f"words of state {state}", code):
                for p in self.procedure_versions(code):
                    if state not in {st.value for st in p.states}:
                        problems.append(f"words of state {state}: {state} is not a state of {code}")
        for rule in self.local_rules:
            if known(f"local rule {rule.key}", rule.procedure):
                for p in self.procedure_versions(rule.procedure):
                    if rule.transition not in p.transition_names:
                        problems.append(f"local rule {rule.key}: {p.code} has no step {rule.transition}")
                    problems += [f"local rule {rule.key}: {f.name} is a field of {p.code} already"
                                 for f in rule.fields if p.field(f.name) is not None]  # fmt: skip
        if self.catalogue is not None and not self.catalogue.is_dir():
            problems.append(f"catalogue {self.catalogue} is not a folder")
        if problems:
            raise RegimeError(f"regime {self.code}: " + "; ".join(problems))


def _name(n: Any) -> str:
    return "/".join(map(str, n)) if isinstance(n, tuple) else str(n)


