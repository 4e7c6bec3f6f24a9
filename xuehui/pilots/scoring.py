"""How an acceptance panel's scores become a score and a verdict (pure; the services store them).

Each expert's score is the sum of their points over the standards; the panel's score is the
mean of the experts' scores, dropping the highest and the lowest when more than three scored,
kept to two decimals (half up). The verdict follows the batch's marks: at or above the pass
mark 通过; below the fail mark 不通过; between them 限期整改后复验 — except at a re-inspection,
which has no third round: below the pass mark it is 不通过.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .choices import AcceptanceVerdict

CENT = Decimal("0.01")


def equal_shares(keys: Sequence[str], total: Decimal = Decimal(100)) -> dict[str, Decimal]:
    """`total` points shared over the standards to the cent, the last taking the remainder so
    the points add up exactly (11 standards: ten of 9.09 and one of 9.10)."""
    if not keys:
        return {}
    share = (total / len(keys)).quantize(CENT, rounding=ROUND_HALF_UP)
    points = dict.fromkeys(keys, share)
    points[keys[-1]] = total - share * (len(keys) - 1)
    return points


@dataclass(frozen=True)
class PanelScore:
    score: Decimal
    counted: tuple[Decimal, ...]  # the expert scores the mean is taken over
    dropped: tuple[Decimal, ...]  # the highest and the lowest, when more than three scored

    @property
    def explanation(self) -> str:
        counted = "、".join(f"{s:.2f}" for s in self.counted)
        if self.dropped:
            high, low = self.dropped
            return (
                f"{len(self.counted) + 2}位专家评分，去掉最高分{high:.2f}和最低分{low:.2f}后，"
                f"取{counted}的平均值{self.score:.2f}分"
            )
        return f"{len(self.counted)}位专家评分{counted}，平均{self.score:.2f}分"


def panel_score(expert_totals: Iterable[Decimal]) -> PanelScore:
    totals = sorted(Decimal(t) for t in expert_totals)
    if not totals:
        raise ValueError("no scores")
    dropped: tuple[Decimal, ...] = ()
    if len(totals) > 3:
        dropped, totals = (totals[-1], totals[0]), totals[1:-1]
    mean = (sum(totals, Decimal(0)) / len(totals)).quantize(CENT, rounding=ROUND_HALF_UP)
    return PanelScore(mean, tuple(totals), dropped)


def verdict_for(score: Decimal, *, pass_mark: Decimal, fail_mark: Decimal, round: int = 1) -> str:
    if score >= pass_mark:
        return AcceptanceVerdict.PASS
    if round > 1 or score < fail_mark:
        return AcceptanceVerdict.FAIL
    return AcceptanceVerdict.RECTIFY


def mark_text(mark: Decimal) -> str:
    """80.00 → 80, 85.50 → 85.5."""
    return format(Decimal(mark).normalize(), "f")


def verdict_reason(score: Decimal, verdict: str, *, pass_mark: Decimal, fail_mark: Decimal) -> str:
    high, low = mark_text(pass_mark), mark_text(fail_mark)
    if verdict == AcceptanceVerdict.PASS:
        return f"得分{score:.2f}分，不低于通过分数线{high}分"
    if verdict == AcceptanceVerdict.RECTIFY:
        return f"得分{score:.2f}分，低于通过分数线{high}分、不低于{low}分，限期整改后复验"
    if score >= fail_mark:
        return f"复验得分{score:.2f}分，仍低于通过分数线{high}分"
    return f"得分{score:.2f}分，低于不通过分数线{low}分"
