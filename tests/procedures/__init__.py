from ngoreg.workflow import engine
from ngoreg.workflow.spec import Context, Procedure


def refused_by(p: Procedure, transition: str, c: Context) -> dict[str, str | None]:
    """Each rule that refuses `transition` in `c`, with its citation; {} when it may fire."""
    return {r.rule: r.basis for r in engine.refusals(p, p.transition(transition), c)}
