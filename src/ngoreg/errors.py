"""The errors every entry point knows how to turn into one clear line, a JSON body or an HTTP status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class NgoregError(Exception):
    """Base of every error meant for the user; its message is one line."""

    code = "error"


class InvalidInput(NgoregError):
    """A value the user gave is malformed; the message names the field, the value and the problem."""

    code = "invalid_input"

    def __init__(self, field: str, value: Any, problem: str) -> None:
        self.field, self.value, self.problem = field, value, problem
        super().__init__(f"{field}: {_shown(value)}: {problem}")

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process boundaries (the importer's child)
        return (type(self), (self.field, self.value, self.problem))


SHOWN = 240  # characters of a refused value the message repeats: a file path or a name whole, not a megabyte again


def _shown(value: Any) -> str:
    if isinstance(value, str) and len(value) > SHOWN:
        return repr(value[:SHOWN]) + f"… ({len(value)} characters)"
    return repr(value)


class NotFound(NgoregError):
    code = "not_found"


class Conflict(NgoregError):
    """Someone else changed the object since it was read (optimistic lock), or a unique value is taken."""

    code = "conflict"


class Busy(NgoregError):
    """The database stayed busy with other writers longer than the bounded wait: nothing was changed, and
    the same request may be sent again (HTTP 503 with Retry-After)."""

    code = "busy"
    retry_after_seconds = 1


@dataclass(frozen=True)
class Refusal:
    """One reason the law (a guard) or the rules of access (a permission) refuse an action.

    `message` is the English sentence the API and the CLI show. To say it in another language a page needs
    what it was made of: the sentence with its {placeholders} (`template`, a message id of the pages'
    catalogue) and the values put in them (`values`); `words` names the values that are codes or labels
    the catalogue translates (a state, a field's label), as distinct from data typed by a user."""

    rule: str
    message: str
    basis: str | None = None
    template: str | None = field(default=None, compare=False)
    values: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    words: frozenset[str] = field(default=frozenset(), compare=False)

    @classmethod
    def of(cls, rule: str, template: str, values: Mapping[str, Any], basis: str | None = None, *,
           words: frozenset[str] = frozenset()) -> Refusal:  # fmt: skip
        """A refusal whose English message is `template` filled with `values` (a name it lacks stays in
        braces, so a sentence never fails for want of a value)."""
        return cls(rule, template.format_map(_Fill(values)), basis, template, dict(values), words)

    def as_dict(self) -> dict[str, str | None]:
        return {"rule": self.rule, "message": self.message, "basis": self.basis}

    def __str__(self) -> str:
        return f"{self.message} ({self.basis})" if self.basis else self.message


class _Fill(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class Refused(NgoregError):
    """An action the law does not allow now; carries every refusal with its citation."""

    refusals: list[Refusal] = field(default_factory=list)
    code = "refused"

    def __post_init__(self) -> None:
        super().__init__("; ".join(str(r) for r in self.refusals))
