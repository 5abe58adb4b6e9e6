"""Placing social organisations under joint Party committees: a minimum-cost flow.

Seed 001: a joint committee is built for a class of organisations (an industry, a category, a field) and
covers about 50 of them. A placement is therefore an assignment with three wishes, in this order:

1. every organisation under a joint committee of one of its classes and of its locality (`UNPLACED` for
   each one left out: only when no committee of its classes in its locality has room);
2. no committee past its capacity, and none far past it: a committee takes at most `slack` of its capacity
   more (rounded down), each at `OVER`, only when there is no room elsewhere;
3. fewest moves: keeping an organisation where it is costs nothing, moving it `MOVE`, placing one that has no
   committee (or whose committee no longer serves its class or locality) nothing more than it must.

The weights make the order strict: one more organisation placed is worth more than every overflow, and one
overflow less more than every move. Organisations that share their locality, the classes served there and
their current committee are interchangeable, so the network has one node for each such group, not for each
organisation. A group sends its organisations to its current committee, or through a pool of its classes to
any committee of those classes. OR-Tools' min-cost flow solver (cost scaling, exact on integer costs) solves
it and says when its answer is optimal: the optimality gap is then 0. On request (`verify`, which the tests
use) the residual network is also searched for a cycle of negative cost with networkx, independently of the
solver: none means no cheaper placement exists.

Pure: no database, no clock. `party.service` reads the registry into `Member`s and `Committee`s and writes
what `propose` returns.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from math import floor
from typing import Any

import networkx as nx

MOVE = 1
SLACK = 0.1  # a committee may take a tenth more than its capacity, and only when all else is full


@dataclass(frozen=True)
class Committee:
    """A joint committee open on the day: the class it serves, its locality (GB/T 2260) and capacity."""

    id: int
    locality: str
    cls: str
    capacity: int


@dataclass(frozen=True)
class Member:
    """An organisation to place: its locality, its classes, and the joint committee it sits under (if any)."""

    id: int
    locality: str | None
    classes: frozenset[str]
    current: int | None = None


@dataclass(frozen=True)
class Move:
    org: int
    to: int
    was: int | None  # None: a first placement


@dataclass(frozen=True)
class Left:
    """An organisation the proposal cannot place, and why."""

    org: int
    reason: str  # no_committee | all_full
    classes: tuple[str, ...]
    locality: str | None
    stays: int | None  # the committee it keeps sitting under, past its capacity, if it has one


@dataclass
class Proposal:
    moves: list[Move]  # first placements and moves, by organisation
    kept: int  # organisations left where they are
    left: list[Left]
    over: dict[int, int]  # committee -> organisations past its capacity after the proposal
    load: dict[int, int]  # committee -> organisations under it after the proposal
    cost: int
    gap: float | None  # 0.0: proven optimal; None if the independent check found a cheaper one (a solver fault)
    nodes: int = 0  # of the flow network
    moved: int = field(init=False)
    placed: int = field(init=False)

    def __post_init__(self) -> None:
        self.moved = sum(1 for m in self.moves if m.was is not None)
        self.placed = sum(1 for m in self.moves if m.was is None)


def propose(members: Iterable[Member], committees: Sequence[Committee], *, slack: float = SLACK,
            verify: bool = False) -> Proposal:  # fmt: skip
    """The placement of `members` under `committees` that places most, overfills least, and moves fewest. The
    solver proves its answer optimal (gap 0.0); with `verify`, the residual network is searched for a cheaper
    placement as well, independently of the solver (gap None if one is found)."""
    net = _Network(committees, verify)
    for m in members:
        net.add(m)
    if not net.residents and not net.newcomers:
        return Proposal([], 0, net.left, {}, dict.fromkeys(net.by_id, 0), 0, 0.0, 0)
    # Where no committee is past its capacity and the newcomers fit in the room left, without moving anyone,
    # that placement costs nothing and none costs less: solved over the newcomers alone.
    seated = {c: sum(len(v) for v in by_set.values()) for c, by_set in net.residents.items()}
    if all(n <= net.by_id[c].capacity for c, n in seated.items()):
        room = _Network([replace(c, capacity=c.capacity - seated.get(c.id, 0)) for c in committees], verify)
        room.newcomers = net.newcomers
        quick = room.solve(0.0, net.count)
        if quick.cost == 0:
            return net.proposal(quick)
    return net.proposal(net.solve(slack, net.count))


Arc = tuple[Any, Any, int | None, int]  # tail, head, capacity (None: unbounded), cost per organisation


@dataclass
class _Solved:
    arcs: list[Arc]
    flow: dict[Any, dict[Any, int]]
    cost: int
    nodes: int


class _Network:
    """The flow network of a placement. Nodes: per committee its residents (`r`), who stay at no cost or go
    to the pool of their classes at MOVE each (an arc per set of classes, as wide as the residents with that
    set); per locality and set of classes the newcomers (`n`: no committee, or one that no longer serves
    them, at MOVE), who go to that pool; the pools (`p`), which lead to a node per class and locality (`k`),
    which leads to its committees (`c`); a committee's capacity is its arc to the sink (`T`), its slack an arc
    through `o` at OVER each."""

    def __init__(self, committees: Sequence[Committee], verify: bool) -> None:
        self.committees, self.verify = committees, verify
        self.by_id = {c.id: c for c in committees}
        self.serving: set[tuple[str, str]] = {(c.locality, c.cls) for c in committees}
        # committee -> set of classes -> organisations under it that it serves
        self.residents: dict[int, dict[frozenset[str], list[int]]] = defaultdict(lambda: defaultdict(list))
        # (locality, classes served, must move from) -> organisations
        self.newcomers: dict[tuple[str, frozenset[str], bool], list[int]] = defaultdict(list)
        self.was: dict[int, int] = {}  # organisation -> the committee it must leave
        self.left: list[Left] = []
        self.count = 0

    def add(self, m: Member) -> None:
        self.count += 1
        loc = m.locality
        served = frozenset(k for k in m.classes if (loc, k) in self.serving) if loc else frozenset()
        if not served or loc is None:
            self.left.append(Left(m.id, "no_committee", tuple(sorted(m.classes)), loc, m.current))
            return
        c = self.by_id.get(m.current) if m.current is not None else None
        if c is not None and c.locality == loc and c.cls in served:
            self.residents[c.id][served].append(m.id)
            return
        if m.current is not None:  # it must leave a committee that no longer serves it: a move
            self.was[m.id] = m.current
        self.newcomers[(loc, served, m.current is not None)].append(m.id)

    def solve(self, slack: float, count: int) -> _Solved:
        over_cost = count + 1  # more than every move together
        unplaced = over_cost * (count + 1)  # more than every overflow together
        arcs: list[Arc] = []
        supply: dict[Any, int] = {}
        pools: set[tuple[str, frozenset[str]]] = set()
        for cid, by_set in self.residents.items():
            c = self.by_id[cid]
            n = sum(len(v) for v in by_set.values())
            supply[("r", cid)] = n
            arcs.append((("r", cid), ("c", cid), None, 0))
            # keeping a seat past the capacity and its slack, only when that cannot be helped
            arcs.append((("r", cid), "T", None, 2 * unplaced))
            for served, orgs in by_set.items():
                arcs.append((("r", cid), ("p", c.locality, served), len(orgs), MOVE))
                pools.add((c.locality, served))
        for (loc, served, moving), orgs in self.newcomers.items():
            node = ("n", loc, served, moving)
            supply[node] = len(orgs)
            arcs.append((node, ("p", loc, served), None, MOVE if moving else 0))
            arcs.append((node, "T", None, unplaced))
            pools.add((loc, served))
        for loc, served in pools:
            arcs.extend((("p", loc, served), ("k", loc, k), None, 0) for k in served)
        for c in self.committees:
            arcs.append((("k", c.locality, c.cls), ("c", c.id), None, 0))
            arcs.append((("c", c.id), "T", max(c.capacity, 0), 0))
            extra = floor(c.capacity * slack)
            if extra > 0:
                arcs.append((("c", c.id), ("o", c.id), extra, over_cost))
                arcs.append((("o", c.id), "T", None, 0))
        supply["T"] = -sum(supply.values())
        return _min_cost_flow(arcs, supply)

    def proposal(self, solved: _Solved) -> Proposal:
        """Which organisation goes where (`flow` says how many): a committee's residents of one set of classes
        stay lowest id first, the rest go to their pool; newcomers are placed lowest id first, the rest left;
        a pool deals what it receives out to its classes, a class to its committees — any organisation that
        reaches a class node may sit under any of its committees, which all serve that class there. Where the
        flow has no residents (the quick solve), they all stay."""
        flow = solved.flow
        arriving: dict[Any, deque[tuple[int, int | None]]] = defaultdict(deque)
        load = dict.fromkeys(self.by_id, 0)
        left = list(self.left)
        for lf in left:  # no committee serves it: it keeps the seat it has, if any
            if lf.stays in load:
                load[lf.stays] += 1
        kept = 0
        for cid, by_set in self.residents.items():
            c = self.by_id[cid]
            out = flow.get(("r", cid), {})
            past = out.get("T", 0)  # residents keeping their seat past the slack
            for served, orgs in sorted(by_set.items(), key=lambda kv: sorted(kv[0])):
                orgs.sort()
                going = out.get(("p", c.locality, served), 0)
                staying = orgs[:len(orgs) - going]
                if going:
                    arriving[("p", c.locality, served)].extend((org, cid) for org in orgs[len(orgs) - going:])
                for org in staying[len(staying) - min(past, len(staying)):] if past else ():
                    left.append(Left(org, "all_full", tuple(sorted(served)), c.locality, cid))
                past -= min(past, len(staying))
                kept += len(staying)
                load[cid] += len(staying)
        for (loc, served, moving), orgs in sorted(self.newcomers.items(), key=lambda kv: (kv[0][0], sorted(kv[0][1]),
                                                                                           kv[0][2])):  # fmt: skip
            orgs.sort()
            n = flow[("n", loc, served, moving)][("p", loc, served)]
            arriving[("p", loc, served)].extend((org, self.was.get(org)) for org in orgs[:n])
            for org in orgs[n:]:
                stays = self.was.get(org)
                left.append(Left(org, "all_full", tuple(sorted(served)), loc, stays))
                if stays in load:
                    load[stays] += 1
        at_class: dict[Any, deque[tuple[int, int | None]]] = defaultdict(deque)
        for pool in sorted(arriving, key=repr):
            queue = arriving[pool]
            for k, n in sorted(flow[pool].items(), key=repr):
                for _ in range(n):
                    at_class[k].append(queue.popleft())
        moves: list[Move] = []
        for k in sorted(at_class, key=repr):
            queue = at_class[k]
            for c, n in sorted(flow[k].items(), key=repr):
                for _ in range(n):
                    org, was = queue.popleft()
                    moves.append(Move(org, c[1], was))
                    load[c[1]] += 1
        over = {c: n - self.by_id[c].capacity for c, n in load.items() if n > self.by_id[c].capacity}
        gap = None if self.verify and _cheaper_exists(solved.arcs, flow) else 0.0
        return Proposal(sorted(moves, key=lambda mv: mv.org), kept, sorted(left, key=lambda lf: lf.org), over, load,
                        solved.cost, gap, solved.nodes)  # fmt: skip


def _min_cost_flow(arcs: list[Arc], supply: dict[Any, int]) -> _Solved:
    """The flow of least cost that carries every node's `supply` (negative: demand) along `arcs`, by OR-Tools'
    cost-scaling solver; arcs of no capacity (None) carry up to the whole supply."""
    from ortools.graph.python import min_cost_flow  # a compiled solver: loaded only when a placement is made

    index: dict[Any, int] = {}
    solver = min_cost_flow.SimpleMinCostFlow()
    whole = max(supply.get("T", 0) * -1, 0)
    for u, v, cap, w in arcs:
        solver.add_arc_with_capacity_and_unit_cost(index.setdefault(u, len(index)), index.setdefault(v, len(index)),
                                                   whole if cap is None else cap, w)  # fmt: skip
    for node, n in supply.items():
        solver.set_node_supply(index.setdefault(node, len(index)), n)
    status = solver.solve()
    if status != solver.OPTIMAL:  # every organisation may stay unplaced, so a flow always exists
        raise RuntimeError(f"the min-cost flow solver gave up (status {status})")
    flow: dict[Any, dict[Any, int]] = defaultdict(dict)
    for i, (u, v, _, _) in enumerate(arcs):
        flow[u][v] = flow[u].get(v, 0) + solver.flow(i)
    return _Solved(arcs, flow, int(solver.optimal_cost()), len(index))


def _cheaper_exists(arcs: list[Arc], flow: dict[Any, dict[Any, int]]) -> bool:
    """Whether the residual network of `flow` has a cycle of negative cost: were there one, sending flow
    round it would cost less, so the flow would not be optimal; without one it is (the optimality condition
    of minimum-cost flow). Between two nodes the cheapest residual arc is the one that matters. A check of the
    solver's answer, independent of it (networkx's Bellman-Ford)."""
    residual = nx.DiGraph()
    for u, v, cap, w in arcs:
        f = flow[u][v]
        if cap is None or f < cap:
            _arc(residual, u, v, w)
        if f > 0:
            _arc(residual, v, u, -w)
    return bool(nx.negative_edge_cycle(residual))


def _arc(g: nx.DiGraph, u: object, v: object, w: int) -> None:
    if not g.has_edge(u, v) or g[u][v]["weight"] > w:
        g.add_edge(u, v, weight=w)
