"""The shapes results take outside the engine: the JSON of `xuehui check`, a plain-text table."""

import datetime as dt

from .engine import Result, summarise


def report_json(society, framework_key: str, on: dt.date, results: list[Result]) -> dict:
    return {
        "society": {"code": society.uscc, "name": society.name},
        "framework": framework_key,
        "on": on.isoformat(),
        "summary": summarise(results),
        "results": [result.as_json() for result in results],
    }


def report_table(society, framework_key: str, on: dt.date, results: list[Result]) -> str:
    lines = [f"{society.name}（{society.uscc}） · {framework_key} · 核验日期 {on:%Y-%m-%d}"]
    counts = summarise(results)
    lines.append(_summary_line(counts))
    for result in results:
        node = result.requirement
        indent = "  " * node.depth
        obligation = f"[{node.obligation_label}]" if node.obligation_label else ""
        lines.append(f"{indent}{result.ref}  {result.status_label}{obligation}  {node.title}")
        if result.explanation:
            lines.append(f"{indent}    {result.explanation}")
    return "\n".join(lines)


def _summary_line(counts: dict) -> str:
    from .choices import Status

    return "，".join(f"{Status(status).label}{count}项" for status, count in counts.items())
