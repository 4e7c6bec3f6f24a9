"""Tables and documents of 学会考评: the year's results as a workbook (one row per society,
one column per scored indicator), the 分类结果通知书 and the 星级学会证书 as PDF."""

from xuehui.lib.export import Exporter
from xuehui.lib.pdf import pdf_from_template
from xuehui.workplans.documents import chinese_date

from .models import StarRating
from .scheme import Scheme
from .scoring import Outcome
from .selectors import breakdown_groups, scheme_of


class OutcomeExporter(Exporter):
    sheet_title = "考评结果"

    def __init__(self, outcomes: list[Outcome], *, scheme: Scheme, title: str):
        super().__init__(outcomes)
        self.leaves = scheme.leaves()
        self.title = title
        self.header = (
            "名次", "学会", "统一社会信用代码", "总分", "分类", "星级", "否决与说明",
            *(f"{leaf.code} {leaf.name}（{leaf.points.normalize():f}分）" for leaf in self.leaves),
        )  # fmt: skip

    def row(self, o: Outcome):
        scores = {line.code: line.score for line in o.lines}
        stars = "" if o.stars is None else o.stars
        notes = "；".join(
            [*o.vetoes, *o.notes, o.star_note] if o.star_note else [*o.vetoes, *o.notes]
        )
        return (
            o.rank, o.name, o.code, o.score, o.tier_label, stars, notes,
            *(scores.get(leaf.code) for leaf in self.leaves),
        )  # fmt: skip


def _valid_rating(result):
    return StarRating.objects.filter(society=result.society, evaluation=result.evaluation).first()


def notice_pdf(result) -> bytes:
    """分类结果通知书: the society's score, rank, class and stars, with the breakdown by
    level-1 indicator, dated the day of confirmation."""
    evaluation = result.evaluation
    confirmed = evaluation.confirmed_at.date() if evaluation.confirmed_at else None
    return pdf_from_template(
        "evaluation/notice_pdf.html",
        {
            "result": result,
            "society": result.society,
            "evaluation": evaluation,
            "federation": evaluation.scheme.federation,
            "groups": breakdown_groups(result, scheme_of(evaluation.scheme)),
            "count": evaluation.results.count(),
            "rating": _valid_rating(result),
            "dated": chinese_date(confirmed) if confirmed else "",
        },
    )


def certificate_pdf(result) -> bytes:
    """星级学会证书 (one A4 landscape page). Only for a society the confirmed result rated."""
    rating = _valid_rating(result)
    if rating is None:
        raise ValueError("该学会本年度未获星级，没有星级学会证书")
    return pdf_from_template(
        "evaluation/certificate_pdf.html",
        {
            "society": result.society,
            "federation": result.evaluation.scheme.federation,
            "rating": rating,
            "stars": "★" * rating.stars,
            "year": result.evaluation.scheme.year,
            "valid_from": chinese_date(rating.valid_from),
            "valid_until": chinese_date(rating.valid_until),
        },
    )
