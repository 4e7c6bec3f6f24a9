"""Print line and branch coverage per app from coverage.py's JSON report; fail under the floors.

    python scripts/coverage_summary.py var/coverage.json --line-floor 90 --branch-floor 80

An app is the folder under xuehui/ (or the top-level package, e.g. config); the floors apply to
the totals. Exit status 1 when a floor is not met, 2 when the report cannot be read.
"""

import argparse
import json
import sys
from collections import defaultdict
from pathlib import PurePosixPath

COUNTS = ("num_statements", "covered_lines", "num_branches", "covered_branches")


def app_of(path: str) -> str:
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if parts[0] == "xuehui" and len(parts) > 2:
        return parts[1]
    return parts[0]


def per_app(report: dict) -> dict[str, dict[str, int]]:
    apps: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for path, data in report["files"].items():
        summary = data["summary"]
        for key in COUNTS:
            apps[app_of(path)][key] += summary.get(key, 0)
    return dict(sorted(apps.items()))


def percent(covered: int, total: int) -> float:
    return 100.0 * covered / total if total else 100.0


def render(apps: dict[str, dict[str, int]], totals: dict[str, int]) -> str:
    lines = [f"{'app':<16}{'lines':>8}{'line %':>9}{'branches':>10}{'branch %':>10}"]
    for name, c in [*apps.items(), ("TOTAL", totals)]:
        lines.append(
            f"{name:<16}{c['num_statements']:>8}"
            f"{percent(c['covered_lines'], c['num_statements']):>8.1f}%"
            f"{c['num_branches']:>10}"
            f"{percent(c['covered_branches'], c['num_branches']):>9.1f}%"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("--line-floor", type=float, default=0.0)
    parser.add_argument("--branch-floor", type=float, default=0.0)
    args = parser.parse_args(argv)
    try:
        with open(args.report, encoding="utf-8") as handle:
            report = json.load(handle)
        apps = per_app(report)
    except (OSError, ValueError, KeyError) as error:
        print(f"coverage report unreadable: {error}", file=sys.stderr)
        return 2
    totals = {key: sum(c[key] for c in apps.values()) for key in COUNTS}
    print(render(apps, totals))
    line = percent(totals["covered_lines"], totals["num_statements"])
    branch = percent(totals["covered_branches"], totals["num_branches"])
    failed = []
    if line < args.line_floor:
        failed.append(f"line coverage {line:.1f}% is under the floor of {args.line_floor:g}%")
    if branch < args.branch_floor:
        failed.append(f"branch coverage {branch:.1f}% is under the floor of {args.branch_floor:g}%")
    for message in failed:
        print(message, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
