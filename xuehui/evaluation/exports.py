"""The stored results of a year as a workbook: one row per society (what the page shows),
one column per leaf indicator."""

from xuehui.lib.export import Exporter

from .choices import TIER_LABELS


class ResultExporter(Exporter):
    sheet_title = "考评结果"

    def __init__(self, results, *, leaves, title: str):
        super().__init__(results)
        self.leaves, self.title = leaves, title
        self.header = (
            "名次", "学会", "统一社会信用代码", "总分", "分类", "分类调整理由", "星级", "否决与说明",
            *(f"{leaf.code} {leaf.name}（{leaf.points.normalize():f}分）" for leaf in leaves),
        )  # fmt: skip

    def row(self, r):
        scores = {line["code"]: line["score"] for line in r.breakdown}
        notes = "；".join([*r.vetoes, r.star_note] if r.star_note else r.vetoes)
        return (
            r.rank, r.society.name, r.society.uscc, r.score, TIER_LABELS.get(r.tier, ""),
            r.override_reason, "" if r.stars is None else r.stars, notes,
            *(scores.get(leaf.code) for leaf in self.leaves),
        )  # fmt: skip
