"""`ngoreg law …`: the statute texts, each act's text in force on a day."""

from __future__ import annotations

from typing import Any

import typer

from ngoreg.cli.common import DbOption, JsonOption, day_or_today, emit, handled

law_app = typer.Typer(no_args_is_help=True, help="Statute texts")


@law_app.command("list")
@handled
def list_acts(as_json: bool = JsonOption, db: str = DbOption) -> None:
    """The acts ngoreg ships or cites, with their codes and their texts."""
    from ngoreg.law.acts import ACTS
    from ngoreg.law.texts import statute

    rows: list[dict[str, Any]] = [
            {"code": a.code, "title_zh": a.title_zh, "title_en": a.title_en, "numbering": a.numbering,
             "text_as_of": a.text_as_of.isoformat(), "articles": len(statute(a.code).articles) if a.file else 0,
             "versions": [{"adopted": v.adopted.isoformat(), "in_force": v.in_force.isoformat(), "amended": v.amended,
                           "shipped": v.file is not None,
                           "articles": len(statute(a.code, v.in_force).articles) if v.file else 0}
                          for v in a.versions]}
            for a in ACTS.values()]  # fmt: skip
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['code']:<16} {r['articles']:>4} arts  {r['title_zh']}  ({r['title_en']}, {r['text_as_of']})")
        for v in r["versions"]:
            text = f"{v['articles']} arts" if v["shipped"] else "text not shipped"
            typer.echo(f"{'':<16} {'amended' if v['amended'] else 'adopted'} {v['adopted']}, "
                       f"in force from {v['in_force']}: {text}")  # fmt: skip


@law_app.command("show")
@handled
def show(code: str, number: int = typer.Argument(None, help="Article number; all chapters if omitted"),
         on: str = typer.Option(None, "--on", metavar="DATE", help="The text in force on this date (default: today)"),
         as_json: bool = JsonOption, db: str = DbOption) -> None:  # fmt: skip
    """Print an article of the text in force on a day, e.g. `ngoreg law show charity 30 --on 2020-01-01`."""
    from ngoreg.law.acts import act
    from ngoreg.law.citation import Citation
    from ngoreg.law.texts import article, statute

    a = act(code)
    day = day_or_today(on, "--on")
    s = statute(code, day)
    assert s.version is not None
    v = s.version
    if number is None:
        if as_json:
            emit({"code": code, "title": s.title, "adopted": v.adopted.isoformat(), "in_force": v.in_force.isoformat(),
                  "chapters": s.chapters, "articles": len(s.articles)})  # fmt: skip
        else:
            typer.echo(f"{s.title} — {a.title_en}  (text of {v.adopted}, in force from {v.in_force})")
            for c in s.chapters:
                arts = [n for n, x in s.articles.items() if x.chapter == c]
                typer.echo(f"  {c}  (arts. {min(arts)}–{max(arts)})" if arts else f"  {c}")
        return
    art = article(code, number, v.in_force)
    c = Citation(code, number).as_of(v.in_force)
    if as_json:
        emit({"citation": str(c), "citation_zh": c.zh, "in_force": v.in_force.isoformat(), "chapter": art.chapter,
              "paragraphs": [{"text": p.text, "items": p.items} for p in art.paragraphs]})  # fmt: skip
        return
    typer.echo(f"{c} — {c.zh}  [{art.chapter}]")
    typer.echo(art.text)
