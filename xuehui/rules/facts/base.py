"""The facts of one society on one date: named values, and for absent ones the reason."""

import struct
from collections.abc import Iterable
from typing import Any


class MissingFact(Exception):
    """A fact the check needs is not known; `reason` says why, in Chinese."""

    def __init__(self, name: str, reason: str):
        self.name = name
        self.reason = reason
        super().__init__(reason)


class Facts(dict):
    """Fact name → value; `missing` holds, for facts that could not be computed, the reason."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing: dict[str, str] = {}

    def need(self, name: str) -> Any:
        try:  # one lookup for a known fact (the checks ask hundreds of thousands of times)
            return self[name]
        except KeyError:
            pass
        reason = self.missing.get(name) or f"缺少数据「{FACT_LABELS.get(name, name)}」"
        raise MissingFact(name, reason)

    def lack(self, names, reason: str) -> None:
        """Record that `names` are unknown, and why."""
        for name in names:
            self.pop(name, None)
            self.missing[name] = reason


class PackedCounts:
    """Several counts added up as one integer, count i in the i-th field of 64 bits (no count
    of posts or activities reaches 2**64): a thing counting in some fields adds `unit(fields)`,
    n such things n times that, and the counts are read back once (`unpack`)."""

    FIELD = 64

    def __init__(self, width: int):
        self._struct = struct.Struct(f"<{width}Q")

    @classmethod
    def unit(cls, fields: Iterable[int]) -> int:
        """What one thing counting in `fields` (their positions) adds."""
        return sum(1 << (cls.FIELD * i) for i in fields)

    def unpack(self, packed: int) -> tuple[int, ...]:
        return self._struct.unpack(packed.to_bytes(self._struct.size, "little"))


# Every fact the engine knows, with what it means (shown by `xuehui facts` and the pages).
FACT_LABELS = {
    "society.unhosted": "无挂靠单位",
    "society.legal_representative_office": "法定代表人担任的负责人职务",
    "society.agriculture_or_medicine": "涉农、涉医学会（学科类别为农科或医科）",
    "pilots.programmes": "参加的试点项目",
    "adoption.frameworks": "本科协采用的政策框架（约束性或仅供参考）",
    "tasks.chosen": "学会选定的自选任务",
    "term.current": "在任届次",
    "term.overdue_days": "届满后逾期天数",
    "term.latest_reelection_on": "最近一次换届日期",
    "term.count": "届次数",
    "reelection.facts": "换届时的名册与会员数（天津第二组按此核验）",
    "reelection.sources": "换届材料的来源",
    "council.size": "理事会人数",
    "council.frontline": "理事会中基层一线科技工作者人数",
    "council.frontline_unknown": "理事会中未填写是否基层一线科技工作者的人数",
    "council.frontline_or_unit_head": "理事会中一线科技工作者或会员单位负责人人数",
    "council.frontline_or_unit_head_unknown": "理事会中未填写是否一线或是否会员单位负责人（且两项都不为是）的人数",
    "council.young": "理事会中青年科技工作者人数",
    "council.party_members": "理事会中共党员人数",
    "council.women": "理事会女性人数",
    "council.retired_officials": "理事会退（离）休领导干部人数",
    "council.incomplete": "理事会基础信息不全的人数",
    "standing_council.size": "常务理事会人数",
    "standing_council.frontline": "常务理事会中基层一线科技工作者人数",
    "standing_council.frontline_unknown": "常务理事会中未填写是否基层一线科技工作者的人数",
    "standing_council.frontline_or_unit_head": "常务理事会中一线科技工作者或会员单位负责人人数",
    "standing_council.frontline_or_unit_head_unknown": "常务理事会中未填写是否一线或是否会员单位负责人（且两项都不为是）的人数",
    "standing_council.young": "常务理事会中青年科技工作者人数",
    "standing_council.party_members": "常务理事会中共党员人数",
    "standing_council.women": "常务理事会女性人数",
    "standing_council.retired_officials": "常务理事会退（离）休领导干部人数",
    "standing_council.incomplete": "常务理事会基础信息不全的人数",
    "supervisors.size": "监事（含监事长）人数",
    "leaders.size": "学会负责人人数（理事长、副理事长、秘书长）",
    "leaders.party_members": "学会负责人中共党员人数",
    "officers.president": "理事长",
    "officers.vice_presidents": "副理事长",
    "officers.leaders": "理事长和副理事长",
    "officers.secretary_general": "秘书长",
    "officers.deputy_secretary_generals": "副秘书长",
    "posts.officials": "在任的退（离）休和现职领导干部",
    "members.individual": "个人会员数",
    "members.institutional": "单位会员数",
    "members.total": "会员总数（个人+单位）",
    "members.total_2016": "2016年底会员总数",
    "members.individual_2016": "2016年底个人会员数",
    "congress.form": "会员大会形式",
    "congress.representatives": "会员代表人数",
    "congress.representative_system": "实行会员代表大会制度（1为是，0为否）",
    "staff.full_time": "在聘专职工作人员人数",
    "staff.all": "在聘专兼职工作人员人数",
    "staff.people": "在聘专职工作人员",
    "staff.without_insurance": "未缴纳五险一金的专职工作人员",
    "staff.finance_uncertified": "未持证的财务人员",
    "office.exists": "有办公场所",
    "office.area_m2": "办公面积（平方米）",
    "office.facilities_owned": "办公设施归学会所有",
    "finance.bank_account": "独立银行账户",
    "web.website": "网站",
    "web.wechat": "微信公众号",
    "web.any": "网站或微信公众号",
    "party.organisation": "党组织（含党小组、党建工作联络员）",
    "party.organisation_formal": "党组织（党委、党总支、党支部或联合党支部）",
    "party.branch": "学会自己的党组织（党委、党总支或党支部，不含联合党支部）",
    "party.secretariat_branch": "由秘书处工作人员组成的学会党组织（实体党支部）",
    "branches.count": "分支机构数",
    "branches.unfiled": "未备案的分支机构",
    "branches.inactive": "长期未开展活动的分支机构",
    "branches.without_report": "所核验年度及上一年度均无负责人述职记录的分支机构",
    "regulations.documents": "现行制度（按类型）",
    "regulations.kinds": "现行制度类型",
    "meetings.total": "本年度会议次数",
    "meetings.council_any": "本年度理事会和常务理事会会议次数",
    "meetings.without_minutes": "本年度没有纪要的会议",
    "meetings.council_without_minutes": "本年度没有纪要的理事会会议",
    "meetings.council_without_supervisors": "本年度监事未列席的理事会会议",
    "meetings.resolutions_pending": "上一年度及以前尚未落实的决议",
    "activities.total": "本年度活动次数",
    "activities.academic_hosted": "本年度主办或承办的学术交流活动次数",
    "activities.training": "本年度继续教育与培训活动次数",
    "activities.popularization": "本年度科普活动次数",
    "activities.science_week_popularization": "本年度科技周或科普日期间的科普活动次数",
    "activities.four_into": "本年度“四进”活动次数",
    "activities.party_building": "本年度党建活动次数",
    "activities.talent_recommendation": "本年度人才举荐活动次数",
    "activities.science_award": "本年度科技奖励活动次数",
    "activities.consulting": "本年度决策咨询与智库工作次数",
    "activities.government_functions": "本年度承接政府转移职能、团体标准、科技评估工作次数",
    "activities.technical_service": "本年度技术服务与成果转化活动次数",
    "activities.paid_technical_service": "本年度有收入的技术服务与成果转化活动次数",
    "activities.paid_events": "本年度有收入的会展与培训活动次数",
    "activities.consortium": "本年度学会联合体活动次数",
    "activities.consortium_hosted": "本年度主办或承办的学会联合体活动次数",
    "activities.international": "本年度国际交流活动次数",
    "activities.exchanges": "本年度境内外学习交流活动次数",
    "finance.income_total": "上一年度收入合计（元）",
    "finance.income_sources": "上一年度收入来源",
    "finance.audited": "上一年度财务已审计",
    "credit.commendations": "考核年度获得的表彰数",
    "credit.commendations_provincial": "考核年度获得的省级以上表彰数",
    "credit.sanctions": "考核年度受到的处罚、警告、通报批评、责令整改数",
    "credit.penalties": "考核年度受到的行政处罚数",
    "credit.talks": "考核年度被约谈次数",
    "credit.listed": "考核年度内曾列入活动异常名录",
}

# Counts over the current term (period: term), labelled after their yearly twins.
FACT_LABELS.update(
    {
        f"{name}_in_term": label.replace("本年度", "本届任期内", 1)
        for name, label in list(FACT_LABELS.items())
        if name.startswith(("activities.", "meetings.")) and label.startswith("本年度")
    }
)
