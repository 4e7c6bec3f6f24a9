"""The phases of a pilot batch as each document sets them out, as templates: a batch of year Y
takes the template's months in Y (and Y+1 where the document runs into the next year), and its
administrator may move any date. 000 六 (湖北两化) and 002 五 (江西三化) each have five."""

import calendar
import datetime as dt
from dataclasses import dataclass

from .choices import PhaseKind


@dataclass(frozen=True)
class PhaseTemplate:
    kind: str
    name: str
    clause: str
    what: str
    starts: tuple[int, int, int]  # (years after the batch's year, month, day)
    ends: tuple[int, int, int]  # day 0 = the month's last day

    def dates(self, year: int) -> tuple[dt.date, dt.date]:
        return _day(year, self.starts), _day(year, self.ends)


def _day(year: int, at: tuple[int, int, int]) -> dt.date:
    offset, month, day = at
    year += offset
    return dt.date(year, month, day or calendar.monthrange(year, month)[1])


HUBEI_2H = (
    PhaseTemplate(PhaseKind.CHOOSE, "试点工作准备", "六、（一）",
                  "开展试点调研，征求拟试点学会意见，制定工作方案", (0, 8, 1), (0, 9, 0)),
    PhaseTemplate(PhaseKind.PLAN, "试点工作布置", "六、（二）",
                  "下发试点工作通知，明确试点工作任务和试点工作标准", (0, 10, 1), (0, 10, 0)),
    PhaseTemplate(PhaseKind.IMPLEMENT, "试点工作各项任务落实", "六、（三）",
                  "试点学会按照试点工作主要内容和试点工作主要标准开展试点工作",
                  (0, 10, 1), (1, 10, 0)),
    PhaseTemplate(PhaseKind.ACCEPT, "检查验收", "六、（四）",
                  "组成专家组对试点学会按照相关标准进行现场检查验收", (1, 10, 20), (1, 11, 30)),
    PhaseTemplate(PhaseKind.SPREAD, "总结推广", "六、（五）",
                  "适时召开试点工作经验交流会，总结成绩，发现典型，推广经验", (1, 12, 1), (1, 12, 0)),
)  # fmt: skip

JIANGXI_3H = (
    PhaseTemplate(PhaseKind.CHOOSE, "确定试点学会", "五、（一）",
                  "在调研的基础上，确定2-3个有条件、有基础、规模适当的学会作为试点学会",
                  (0, 2, 1), (0, 2, 15)),
    PhaseTemplate(PhaseKind.PLAN, "制定实施方案", "五、（二）",
                  "试点学会编制实施方案（试点目标、任务清单、责任分工、完成时限、年度任务分解、"
                  "目标成果、进度安排、保障措施），报送省科协", (0, 2, 16), (0, 2, 0)),
    PhaseTemplate(PhaseKind.IMPLEMENT, "组织开展试点", "五、（三）",
                  "试点学会开展试点；省科协进行指导和成效评估，发现问题及时督促调整和改进",
                  (0, 3, 1), (0, 10, 0)),
    PhaseTemplate(PhaseKind.ACCEPT, "开展评估总结", "五、（四）",
                  "试点学会形成试点工作总结报告报送省科协；省科协评估验收", (0, 11, 1), (0, 12, 0)),
    PhaseTemplate(PhaseKind.SPREAD, "组织经验交流", "五、（五）",
                  "形成可复制、可推广的示范模式，组织召开试点经验交流", (1, 1, 1), (1, 3, 0)),
)  # fmt: skip

# A programme whose framework sets no phases of its own: the five steps both documents share.
GENERIC = (
    PhaseTemplate(PhaseKind.CHOOSE, "确定试点学会", "", "调研并确定试点学会", (0, 1, 1), (0, 2, 0)),
    PhaseTemplate(PhaseKind.PLAN, "制定实施方案", "", "试点学会编制并报送实施方案",
                  (0, 3, 1), (0, 3, 0)),
    PhaseTemplate(PhaseKind.IMPLEMENT, "组织实施", "", "试点学会按实施方案开展试点",
                  (0, 4, 1), (0, 10, 0)),
    PhaseTemplate(PhaseKind.ACCEPT, "检查验收", "", "专家组现场检查验收", (0, 11, 1), (0, 12, 0)),
    PhaseTemplate(PhaseKind.SPREAD, "总结推广", "", "总结经验，推广典型", (1, 1, 1), (1, 3, 0)),
)  # fmt: skip

TEMPLATES: dict[str, tuple[PhaseTemplate, ...]] = {
    "hubei-2h-2017": HUBEI_2H,
    "jiangxi-3h-2022": JIANGXI_3H,
}


def template_for(framework_key: str) -> tuple[PhaseTemplate, ...]:
    return TEMPLATES.get(framework_key, GENERIC)
