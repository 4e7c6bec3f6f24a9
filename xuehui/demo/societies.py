"""Step 学会: the six pilot societies of seed 000 and 22 other synthetic societies.

Each profile below states the society's registry data and the shape of its council. Most
councils comply with the Hubei composition rules (seed 001: ≥ 3/4 frontline, standing
council ≥ 2/3 frontline, ≥ 1/3 young and middle-aged) and with the limits of seeds 002 and
003 (president ≤ 70, ≤ 2 consecutive terms, retired officials approved and unpaid,
secretary-general ≤ 62). The deliberate exceptions, for the rule checks to find, are the
`quirks` and the shares set below the thresholds; each carries a `note` saying so:

  council below 3/4 frontline ....... 湖北省机械工程学会 (70%), 湖北省农学会 (71%),
                                      湖北省临床肿瘤学会 (72%), 武汉市预防医学会 (73%)
  standing council below 2/3 ........ 湖北省土木建筑学会 (60%)
  few young and middle-aged ......... 湖北省地质学会 (15%)
  overdue term (no re-election) ..... 湖北省气象学会, 武汉市土木建筑学会
  president 72, elected at 70 ....... 湖北省数学学会
  president in a 3rd term ........... 湖北省中西医结合学会
  vice-president in a 3rd term ...... 湖北省物理学会
  paid retired official ............. 湖北省农学会 (full-time 秘书长)
  retired 秘书长 without approval .... 湖北省公路学会
  秘书长 appointed at 63 ............. 湖北省计算机学会 (replaced mid-term)
  pilot still hosted (not 无挂靠) .... 湖北省临床肿瘤学会
"""

import datetime as dt
from dataclasses import dataclass

from xuehui.societies.choices import DisciplineCategory as C
from xuehui.societies.choices import SocietyStatus
from xuehui.societies.models import Society
from xuehui.societies.services import society_register

from .context import DemoContext
from .federations import FEDERATIONS


class Quirk:
    """Deliberate irregularities a profile may ask for (see the module docstring)."""

    PRESIDENT_OVER_70 = "president_over_70"  # 72 on the demo date, elected at 70
    PRESIDENT_THIRD_TERM = "president_third_term"
    VICE_PRESIDENT_THIRD_TERM = "vice_president_third_term"
    PAID_RETIRED_OFFICIAL = "paid_retired_official"  # the 秘书长, full-time and paid
    RETIRED_SG_WITHOUT_APPROVAL = "retired_sg_without_approval"
    SG_APPOINTED_AT_63 = "sg_appointed_at_63"  # the first 秘书长 left; the successor was 63
    # Not a breach: a 副理事长 who is also the elected 秘书长 (counts once in each body).
    VICE_PRESIDENT_AS_SG = "vice_president_as_sg"


@dataclass(frozen=True)
class SocietySpec:
    """The profile of one demo society; shares are of its current council on the demo date."""

    name: str
    category: str
    federation: str  # code in federations.FEDERATIONS
    host: str  # 挂靠单位; "" = 无挂靠
    founded: int  # year
    council: int  # council size at scale 1
    term_months: int  # months from the current term's start to the demo date
    vice_presidents: int = 5
    frontline: float = 0.84
    standing_frontline: float = 0.76
    young: float = 0.4
    previous_roster: bool = False  # also load the previous (ended) term with its roster
    pilot: bool = False
    sg_elected: bool = False  # 选任 (counts in the council) or 聘任
    sg_full_time: bool = False
    quirks: frozenset = frozenset()
    note: str = ""

    @property
    def has_standing_council(self) -> bool:
        # 常务理事会 only where the council is large enough to need one.
        return self.council >= 50

    def term_number(self, start_on: dt.date) -> int:
        return max(2 if self.previous_roster else 1, (start_on.year - self.founded) // 5 + 1)


def _q(*names: str) -> frozenset:
    return frozenset(names)


PILOTS = (
    SocietySpec("湖北省环境科学学会", C.INTERDISCIPLINARY, "hubei", "", 1979, 62, 26, 6,
                previous_roster=True, pilot=True, sg_full_time=True),
    SocietySpec("湖北省化学化工学会", C.SCIENCE, "hubei", "", 1963, 75, 40, 7,
                previous_roster=True, pilot=True, sg_elected=True, sg_full_time=True),
    SocietySpec("湖北省土木建筑学会", C.ENGINEERING, "hubei", "", 1956, 80, 14, 8,
                standing_frontline=0.6, previous_roster=True, pilot=True, sg_full_time=True,
                note="常务理事会一线比例60%，低于2/3"),
    SocietySpec("湖北省风景园林学会", C.AGRICULTURE, "hubei", "", 1986, 45, 33, 4,
                young=0.5, pilot=True, sg_elected=True, sg_full_time=True),
    SocietySpec("湖北省科学技术期刊编辑学会", C.INTERDISCIPLINARY, "hubei", "", 1988, 38, 20, 3,
                pilot=True, sg_full_time=True),
    SocietySpec("湖北省临床肿瘤学会", C.MEDICINE, "hubei", "湖北省肿瘤医院", 2011, 70, 44, 6,
                frontline=0.72, previous_roster=True, pilot=True, sg_full_time=True,
                note="理事会一线比例72%，低于3/4；试点学会仍有挂靠单位"),
)  # fmt: skip

OTHERS = (
    SocietySpec("湖北省数学学会", C.SCIENCE, "hubei", "华中师范大学", 1951, 55, 20, 5,
                previous_roster=True, quirks=_q(Quirk.PRESIDENT_OVER_70),
                note="理事长现年72岁，70岁时当选"),
    SocietySpec("湖北省物理学会", C.SCIENCE, "hubei", "华中科技大学", 1953, 60, 30, 6,
                previous_roster=True, quirks=_q(Quirk.VICE_PRESIDENT_THIRD_TERM),
                note="一名副理事长连任第三届"),
    SocietySpec("湖北省地质学会", C.SCIENCE, "hubei", "湖北省地质局", 1957, 58, 36, 5,
                young=0.15, note="中青年比例15%，低于1/3"),
    SocietySpec("湖北省气象学会", C.SCIENCE, "hubei", "湖北省气象局", 1962, 48, 78, 4,
                note="届满逾期18个月未换届"),
    SocietySpec("湖北省机械工程学会", C.ENGINEERING, "hubei", "华中科技大学", 1958, 72, 28, 7,
                frontline=0.7, previous_roster=True, note="理事会一线比例70%，低于3/4"),
    SocietySpec("湖北省电子学会", C.ENGINEERING, "hubei", "", 1979, 52, 10, 5,
                sg_full_time=True),
    SocietySpec("湖北省计算机学会", C.ENGINEERING, "hubei", "武汉大学", 1980, 64, 40, 6,
                quirks=_q(Quirk.SG_APPOINTED_AT_63), note="秘书长任届中更换，继任者聘任时63岁"),
    SocietySpec("湖北省水利学会", C.ENGINEERING, "hubei", "湖北省水利厅", 1956, 66, 16, 6,
                sg_elected=True, quirks=_q(Quirk.VICE_PRESIDENT_AS_SG)),
    SocietySpec("湖北省公路学会", C.ENGINEERING, "hubei", "湖北省交通运输厅", 1978, 54, 12, 5,
                quirks=_q(Quirk.RETIRED_SG_WITHOUT_APPROVAL),
                note="秘书长为退休领导干部，无兼职审批文号"),
    SocietySpec("湖北省农学会", C.AGRICULTURE, "hubei", "湖北省农业科学院", 1950, 68, 10, 6,
                frontline=0.71, previous_roster=True, sg_full_time=True,
                quirks=_q(Quirk.PAID_RETIRED_OFFICIAL),
                note="理事会一线比例71%，低于3/4；专职秘书长为退休领导干部且领取薪酬"),
    SocietySpec("湖北省林学会", C.AGRICULTURE, "hubei", "湖北省林业局", 1960, 50, 46, 5),
    SocietySpec("湖北省水产学会", C.AGRICULTURE, "hubei", "华中农业大学", 1964, 42, 8, 4),
    SocietySpec("湖北省药学会", C.MEDICINE, "hubei", "", 1952, 76, 12, 8,
                previous_roster=True, sg_elected=True, sg_full_time=True),
    SocietySpec("湖北省中西医结合学会", C.MEDICINE, "hubei", "湖北省中医院", 1982, 60, 38, 6,
                previous_roster=True, quirks=_q(Quirk.PRESIDENT_THIRD_TERM),
                note="理事长连任第三届"),
    SocietySpec("湖北省科普作家协会", C.INTERDISCIPLINARY, "hubei", "湖北科学技术出版社", 1979, 35, 30, 3),
    SocietySpec("湖北省系统工程学会", C.INTERDISCIPLINARY, "hubei", "华中科技大学", 1981, 40, 52, 4,
                young=0.45),
    SocietySpec("武汉市机械工程学会", C.ENGINEERING, "wuhan", "武汉科技大学", 1962, 40, 22, 4),
    SocietySpec("武汉市预防医学会", C.MEDICINE, "wuhan", "武汉市疾病预防控制中心", 1985, 45, 32, 4,
                frontline=0.73, note="理事会一线比例73%，低于3/4"),
    SocietySpec("武汉市土木建筑学会", C.ENGINEERING, "wuhan", "", 1980, 36, 66, 3,
                note="届满逾期6个月未换届"),
    SocietySpec("宜昌市茶叶学会", C.AGRICULTURE, "yichang", "宜昌市农业科学研究院", 1990, 32, 18, 3,
                young=0.45),
    SocietySpec("宜昌市化学化工学会", C.SCIENCE, "yichang", "三峡大学", 1984, 34, 42, 3),
    SocietySpec("宜昌市护理学会", C.MEDICINE, "yichang", "宜昌市中心人民医院", 1987, 40, 4, 4,
                young=0.5),
)  # fmt: skip

SOCIETIES = PILOTS + OTHERS
PILOT_NAMES = tuple(spec.name for spec in PILOTS)
FEDERATION_NAMES = {spec.code: spec.name for spec in FEDERATIONS}


def load_societies(ctx: DemoContext) -> str:
    """Register the societies missing from the registry (keyed by uscc); leave the rest."""
    from .rosters import society_plans  # the president is the legal representative

    created = 0
    for plan in society_plans(ctx).values():
        society = Society.objects.filter(uscc=plan.uscc).first()
        if society is None:
            society = society_register(actor=ctx.actor, **_registry_fields(ctx, plan))
            created += 1
        ctx.societies[plan.spec.name] = society
        ctx.profiles[plan.spec.name] = plan.spec
    return f"新增 {created} 个，共 {len(SOCIETIES)} 个（其中试点学会 {len(PILOTS)} 个）"


def _registry_fields(ctx: DemoContext, plan) -> dict:
    spec = plan.spec
    return {
        "name": spec.name,
        "uscc": plan.uscc,
        "category": spec.category,
        "supervising_authority": FEDERATION_NAMES[spec.federation],
        "host_institution": spec.host,
        "founded_on": plan.founded_on,
        "address": plan.address,
        "phone": plan.phone,
        "legal_representative": plan.president.name,
        "federation": ctx.federations[spec.federation],
        "status": SocietyStatus.ACTIVE,
        "is_synthetic": True,
    }
