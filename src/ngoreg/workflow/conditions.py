"""Conditions the law states the same way in many procedures, as the predicates a `Guard` holds: a list of
documents or contents that must all be there, a declaration that must be yes, a day that cannot lie after the
act that records it, an act within a period counted from a day. A procedure names what its article names;
these say how it is checked, once."""

from __future__ import annotations

from collections.abc import Callable, Collection

from ngoreg.law.periods import Period, last_day
from ngoreg.workflow.spec import Context

Condition = Callable[[Context], bool]


def includes_all(field: str, required: Collection[str]) -> Condition:
    """List field `field` holds every one of `required` (documents submitted, contents of a report)."""
    needed = frozenset(required)
    return lambda c: needed <= set(c.data.get(field) or [])


def is_yes(field: str) -> Condition:
    """Yes/no field `field` is yes (a condition the applicant declares met)."""
    return lambda c: c.data.get(field) is True


def not_after_the_act(field: str) -> Condition:
    """Date field `field` lies no later than the day the act is recorded: a consent is not dated ahead."""
    return lambda c: c.data[field] <= c.on


def within(period: Period, counts_from: str) -> Condition:
    """The act falls within `period` counted from date field `counts_from`: from the day after it (Civil
    Code art. 201), the last day moved off a rest day (art. 203(1)), as `law.periods.last_day` counts."""
    return lambda c: c.on <= last_day(c.data[counts_from], period).day
