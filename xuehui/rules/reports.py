"""The shapes results take outside the engine: the JSON of `xuehui check`, a plain-text table."""

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from .choices import NOT_ADOPTED_NOTE, REFERENCE_NOTE
from .engine import Judged, Result, encouraged_done, summarise

ADOPTION_NOTES = (REFERENCE_NOTE, NOT_ADOPTED_NOTE)


def adoption_line(results: Sequence[Judged]) -> str:
    """Why a whole framework is only for reference for this society (its 科协's adoption)."""
    return next((r.binding_note for r in results if r.binding_note in ADOPTION_NOTES), "")


def binding_notes(results: list[Result]) -> list[tuple[str, int, bool]]:
    """Why some results are not binding, with how many societies each reason covers and whether
    a page's counts include them (a reference framework's own results do; a non-member's pilot
    standards do not)."""
    counts = Counter(r.binding_note for r in results if r.binding_note)
    return [(note, n, note in ADOPTION_NOTES) for note, n in sorted(counts.items())]


def report_json(society, framework_key: str, on: dt.date, results: list[Result]) -> dict:
    return {
        "society": {"code": society.uscc, "name": society.name},
        "framework": framework_key,
        "on": on.isoformat(),
        "year": on.year,
        "year_complete": on >= dt.date(on.year, 12, 31),
        "adoption_note": adoption_line(results),
        "summary": summarise(results),
        "encouraged": dict(zip(("done", "total"), encouraged_done(results), strict=True)),
        "results": [result.as_json() for result in results],
    }


def report_table(society, framework_key: str, on: dt.date, results: list[Result]) -> str:
    lines = [f"{society.name}（{society.uscc}） · {framework_key} · 核验日期 {on:%Y-%m-%d}"]
    counts = summarise(results)
    done, total = encouraged_done(results)
    lines.append(_summary_line(counts) + (f"；鼓励项开展{done}/{total}" if total else ""))
    if adoption_line(results):
        lines.append(f"{adoption_line(results)}：各项结果均不计入统计")
    lines.append("（统计只含对该学会有约束力的结果；标“仅供对照”的不计入）")
    for result in results:
        node = result.requirement
        indent = "  " * node.depth
        obligation = f"[{node.obligation_label}]" if node.obligation_label else ""
        reference = "（仅供对照）" if not result.binding else ""
        lines.append(
            f"{indent}{result.ref}  {result.status_label}{reference}{obligation}  {node.title}"
        )
        if result.explanation:
            lines.append(f"{indent}    {result.explanation}")
    return "\n".join(lines)


def _summary_line(counts: dict) -> str:
    from .choices import Status

    return "，".join(f"{Status(status).label}{count}项" for status, count in counts.items())
