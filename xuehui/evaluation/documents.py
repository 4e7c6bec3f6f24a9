"""Tables and documents of 学会考评: the year's results as a workbook (one row per society,
one column per scored indicator)."""

from xuehui.lib.export import Exporter

from .scheme import Scheme
from .scoring import Outcome


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
