"""`ngoreg law …`: the statute texts."""

from __future__ import annotations

import typer

from ngoreg.cli.common import DbOption, JsonOption, emit, handled

law_app = typer.Typer(no_args_is_help=True, help="Statute texts")


@law_app.command("list")
@handled
def list_acts(as_json: bool = JsonOption, db: str = DbOption) -> None:
    """The acts ngoreg ships, with their codes."""
    from ngoreg.law.acts import ACTS
    from ngoreg.law.texts import statute

    rows = [{"code": a.code, "title_zh": a.title_zh, "title_en": a.title_en, "text_as_of": a.text_as_of.isoformat(),
             "articles": len(statute(a.code).articles) if a.file else 0} for a in ACTS.values()]  # fmt: skip
    if as_json:
        emit(rows)
    else:
        for r in rows:
            typer.echo(f"{r['code']:<16} {r['articles']:>4} arts  {r['title_zh']}  "
                       f"({r['title_en']}, {r['text_as_of']})")


@law_app.command("show")
@handled
def show(code: str, number: int = typer.Argument(None, help="Article number; all chapters if omitted"),
         as_json: bool = JsonOption, db: str = DbOption) -> None:  # fmt: skip
    """Print an article, e.g. `ngoreg law show fngo 17`."""
    from ngoreg.law.acts import act
    from ngoreg.law.citation import Citation
    from ngoreg.law.texts import article, statute

    a = act(code)
    if number is None:
        s = statute(code)
        if as_json:
            emit({"code": code, "title": s.title, "chapters": s.chapters, "articles": len(s.articles)})
        else:
            typer.echo(f"{s.title} — {a.title_en}")
            for c in s.chapters:
                arts = [n for n, x in s.articles.items() if x.chapter == c]
                typer.echo(f"  {c}  (arts. {min(arts)}–{max(arts)})" if arts else f"  {c}")
        return
    art = article(code, number)
    c = Citation(code, number)
    if as_json:
        emit({"citation": str(c), "citation_zh": c.zh, "chapter": art.chapter,
              "paragraphs": [{"text": p.text, "items": p.items} for p in art.paragraphs]})  # fmt: skip
        return
    typer.echo(f"{c} — {c.zh}  [{art.chapter}]")
    typer.echo(art.text)
