"""A citation is an object — act, article, paragraph (款), item (项) — not a string."""

from __future__ import annotations

from dataclasses import dataclass

from ngoreg.law.acts import act
from ngoreg.law.numerals import from_int


@dataclass(frozen=True, order=True)
class Citation:
    act: str
    article: int
    paragraph: int | None = None
    item: int | None = None

    def __str__(self) -> str:
        s = f"{act(self.act).short_en} art. {self.article}"
        if self.paragraph:
            s += f"({self.paragraph})"
        if self.item:
            s += f"({self.item})"
        return s

    @property
    def zh(self) -> str:
        s = f"《{act(self.act).title_zh}》第{from_int(self.article)}条"
        if self.paragraph:
            s += f"第{from_int(self.paragraph)}款"
        if self.item:
            s += f"第（{from_int(self.item)}）项"
        return s

    def check(self) -> None:
        """Refuses a citation to an article, paragraph or item the shipped text does not have."""
        from ngoreg.law.texts import article

        if act(self.act).file is None:
            return
        art = article(self.act, self.article)
        if self.paragraph and self.paragraph > len(art.paragraphs):
            raise ValueError(f"{self}: article {self.article} has {len(art.paragraphs)} paragraphs")
        if self.item and self.paragraph and self.item > len(art.paragraphs[self.paragraph - 1].items):
            raise ValueError(f"{self}: no item {self.item}")


def cite(act_code: str, article: int, paragraph: int | None = None, item: int | None = None) -> Citation:
    c = Citation(act_code, article, paragraph, item)
    c.check()
    return c
