"""The sheets of part 2 of the society records: 会议, 活动, 制度, 财务."""

import re
from decimal import Decimal

from xuehui.activities.choices import (
    FOUR_INTO_FIELDS,
    ActivityKind,
    ActivityLevel,
    ActivityRole,
    FourInto,
)
from xuehui.activities.models import Activity
from xuehui.activities.services import activity_save
from xuehui.finances.choices import IncomeSource
from xuehui.finances.models import FinanceYear
from xuehui.finances.services import finance_year_save
from xuehui.lib.parsing import choice_parser, is_blank, parse_text
from xuehui.lib.text import compact
from xuehui.meetings.choices import MeetingKind
from xuehui.meetings.models import Meeting
from xuehui.meetings.services import meeting_save
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument
from xuehui.regulations.services import rule_document_save

from .base import (
    RecordSheet,
    column,
    flag_column,
    parse_amount,
    parse_count,
    parse_day,
    parse_signed_amount,
    parse_year,
    plain,
    yes_no,
)

# ---------------------------------------------------------------- 会议

parse_meeting_kind = choice_parser(
    MeetingKind,
    synonyms={
        "会员大会": MeetingKind.MEMBER_CONGRESS,
        "会员代表大会": MeetingKind.MEMBER_CONGRESS,
        "会员(代表)大会": MeetingKind.MEMBER_CONGRESS,
        "理事会会议": MeetingKind.COUNCIL,
        "常务理事会会议": MeetingKind.STANDING_COUNCIL,
        "理事长办公会议": MeetingKind.PRESIDENT_OFFICE,
        "会长办公会": MeetingKind.PRESIDENT_OFFICE,
        "会长办公会议": MeetingKind.PRESIDENT_OFFICE,
        "秘书长办公会": MeetingKind.SECRETARIAT,
        "秘书长办公会议": MeetingKind.SECRETARIAT,
        "秘书处工作会议": MeetingKind.SECRETARIAT,
        "监事会会议": MeetingKind.SUPERVISORY_BOARD,
        "党支部会议": MeetingKind.PARTY,
        "党委会": MeetingKind.PARTY,
        "党委会议": MeetingKind.PARTY,
        "支部委员会": MeetingKind.PARTY,
    },
    what="会议类型",
)


class MeetingSheet(RecordSheet):
    title = "会议"
    aliases = ("会议记录", "会议情况", "会议召开情况")
    model = Meeting
    noun = "次"
    key = ("kind", "held_on")
    ordering = ("held_on", "kind", "id")
    columns = (
        column(
            "kind",
            "会议类型",
            "会议名称类型",
            "会议种类",
            required=True,
            parser=parse_meeting_kind,
            example="理事会",
            choices=tuple(MeetingKind.labels),
        ),
        column(
            "held_on",
            "日期",
            "会议日期",
            "召开日期",
            "会议时间",
            "召开时间",
            required=True,
            parser=parse_day,
            example="2024-06-18",
        ),
        column(
            "expected_attendance", "应到人数", "应到", "应出席人数", parser=parse_count, example=60
        ),
        column(
            "actual_attendance",
            "实到人数",
            "实到",
            "出席人数",
            "实际出席人数",
            parser=parse_count,
            example=48,
        ),
        flag_column(
            "has_minutes",
            "会议纪要",
            "有无会议纪要",
            "是否有会议纪要",
            "会议记录",
            example="是",
        ),
        flag_column(
            "supervisors_attended",
            "监事列席",
            "监事是否列席",
            "监事会列席",
            example="是",
        ),
    )
    save_service = staticmethod(meeting_save)
    record_arg = "meeting"

    def export_row(self, meeting: Meeting) -> list:
        return [
            meeting.get_kind_display(),
            meeting.held_on,
            meeting.expected_attendance,
            meeting.actual_attendance,
            yes_no(meeting.has_minutes),
            yes_no(meeting.supervisors_attended),
        ]

    def check_row(self, row, candidate: Meeting, original) -> None:
        if candidate.minutes_file_id and not candidate.has_minutes:
            row.add_error("has_minutes", "该会议已上传会议纪要文件，应填“是”")

    def label(self, meeting: Meeting) -> str:
        return f"{meeting.held_on:%Y-%m-%d} {meeting.get_kind_display()}"


# ---------------------------------------------------------------- 活动

parse_activity_kind = choice_parser(
    ActivityKind,
    synonyms={
        "学术会议": ActivityKind.ACADEMIC_EXCHANGE,
        "学术交流活动": ActivityKind.ACADEMIC_EXCHANGE,
        "学术年会": ActivityKind.ACADEMIC_EXCHANGE,
        "科普活动": ActivityKind.SCIENCE_POPULARIZATION,
        "科学普及": ActivityKind.SCIENCE_POPULARIZATION,
        "继续教育": ActivityKind.CONTINUING_EDUCATION,
        "培训": ActivityKind.CONTINUING_EDUCATION,
        "继续教育培训": ActivityKind.CONTINUING_EDUCATION,
        "党建活动": ActivityKind.PARTY_BUILDING,
        "国际合作": ActivityKind.INTERNATIONAL,
        "国际交流与合作": ActivityKind.INTERNATIONAL,
        "决策咨询": ActivityKind.CONSULTING,
        "智库": ActivityKind.CONSULTING,
        "技术服务": ActivityKind.TECHNICAL_SERVICE,
        "成果转化": ActivityKind.TECHNICAL_SERVICE,
        "展览": ActivityKind.EXHIBITION,
        "会议展览": ActivityKind.EXHIBITION,
        "团体标准制定": ActivityKind.GROUP_STANDARD,
        "期刊": ActivityKind.JOURNAL,
    },
    what="活动类型",
)
parse_level = choice_parser(
    ActivityLevel,
    synonyms={
        "国际级": ActivityLevel.INTERNATIONAL,
        "国际性": ActivityLevel.INTERNATIONAL,
        "国家级": ActivityLevel.NATIONAL,
        "全国性": ActivityLevel.NATIONAL,
        "省": ActivityLevel.PROVINCIAL,
        "全省": ActivityLevel.PROVINCIAL,
        "省级以上": ActivityLevel.PROVINCIAL,
        "市": ActivityLevel.MUNICIPAL,
        "全市": ActivityLevel.MUNICIPAL,
        "地市级": ActivityLevel.MUNICIPAL,
        "区级": ActivityLevel.DISTRICT,
        "县级": ActivityLevel.DISTRICT,
        "区县": ActivityLevel.DISTRICT,
    },
    what="级别",
)
parse_role = choice_parser(
    ActivityRole,
    synonyms={
        "主办单位": ActivityRole.HOST,
        "承办单位": ActivityRole.ORGANIZER,
        "协办单位": ActivityRole.CO_ORGANIZER,
    },
    what="主办方式",
)

_FOUR_INTO_WORDS = {
    FourInto.VILLAGES: ("农村", "乡村", "村", "进农村", "进乡村"),
    FourInto.COMMUNITIES: ("社区", "进社区"),
    FourInto.SCHOOLS: ("学校", "校园", "进学校", "进校园"),
    FourInto.ENTERPRISES: ("企业", "进企业"),
}
_FOUR_INTO_LOOKUP = {word: place for place, words in _FOUR_INTO_WORDS.items() for word in words}
_FOUR_INTO_SPLIT = re.compile(r"[、，,/／;；\s]+")
FOUR_INTO_HINT = "农村、社区、学校、企业（可多选，用顿号分隔；未进入填“否”或留空）"


def parse_four_into(value: object) -> tuple[FourInto, ...]:
    """四进: the places an activity went into, e.g. `社区、学校`; blank or 否 = none."""
    if is_blank(value) or compact(value) in {"否", "无", "×", "N", "n"}:
        return ()
    found: list[FourInto] = []
    for token in _FOUR_INTO_SPLIT.split(parse_text(value)):
        if not token:
            continue
        place = _FOUR_INTO_LOOKUP.get(token)
        if place is None:
            raise ValueError(f"“{token}”无法识别，请填写：{FOUR_INTO_HINT}")
        if place not in found:
            found.append(place)
    return tuple(place for place in FourInto if place in found)


def four_into_text(activity: Activity) -> str:
    return "、".join(place.label for place in activity.four_into)


class ActivitySheet(RecordSheet):
    title = "活动"
    aliases = ("活动记录", "活动情况", "业务活动", "开展活动情况")
    model = Activity
    noun = "项"
    key = ("kind", "title", "start_on")
    ordering = ("start_on", "kind", "title", "id")
    field_of = {"four_into": None}
    columns = (
        column(
            "kind",
            "活动类型",
            "活动类别",
            required=True,
            parser=parse_activity_kind,
            example="学术交流",
            choices=tuple(ActivityKind.labels),
        ),
        column("title", "名称", "活动名称", required=True, example="2024年学术年会"),
        column(
            "start_on",
            "开始日期",
            "开始时间",
            "活动日期",
            "举办日期",
            "举办时间",
            required=True,
            parser=parse_day,
            example="2024-10-18",
        ),
        column(
            "end_on",
            "结束日期",
            "结束时间",
            parser=parse_day,
            example="2024-10-19",
            note="留空则与开始日期相同",
        ),
        column(
            "level",
            "级别",
            "活动级别",
            required=True,
            parser=parse_level,
            example="省级",
            choices=tuple(ActivityLevel.labels),
        ),
        column(
            "role",
            "主办方式",
            "参与方式",
            "举办方式",
            "主办/承办/协办",
            required=True,
            parser=parse_role,
            example="主办",
            choices=tuple(ActivityRole.labels),
        ),
        column("participants", "参加人数", "参与人数", "人数", parser=parse_count, example=300),
        column("revenue", "收入（元）", "收入", "活动收入", parser=parse_amount, example=0),
        flag_column(
            "in_science_week",
            "科技周或科普日",
            "科技周或全国科普日",
            "是否科技周或科普日活动",
            "科技周/科普日",
            example="否",
        ),
        column(
            "four_into",
            "四进",
            "四进情况",
            parser=parse_four_into,
            example="社区、学校",
            note=FOUR_INTO_HINT,
        ),
        column("papers", "交流论文数", "论文数", "交流论文数（篇）", parser=parse_count, example=0),
        column("honoured", "举荐或获奖人数", "举荐人数", "获奖人数", parser=parse_count, example=0),
    )
    save_service = staticmethod(activity_save)
    record_arg = "activity"

    def export_row(self, activity: Activity) -> list:
        return [
            activity.get_kind_display(),
            activity.title,
            activity.start_on,
            activity.end_on,
            activity.get_level_display(),
            activity.get_role_display(),
            activity.participants,
            activity.revenue,
            yes_no(activity.in_science_week),
            four_into_text(activity),
            activity.papers,
            activity.honoured,
        ]

    def row_fields(self, result, row, original) -> dict:
        fields = super().row_fields(result, row, original)
        if result.has("end_on") and fields.get("end_on") is None:
            fields["end_on"] = row.values["start_on"]
        if result.has("four_into"):
            places = row.values.get("four_into") or ()
            for place, name in FOUR_INTO_FIELDS.items():
                fields[name] = place in places
        return fields

    def column_of(self, field: str) -> str:
        if field in FOUR_INTO_FIELDS.values():
            return "four_into"
        return super().column_of(field)

    def label(self, activity: Activity) -> str:
        return f"{activity.start_on:%Y-%m-%d} {activity.title}"


# ---------------------------------------------------------------- 制度

parse_rule_kind = choice_parser(
    RuleKind,
    synonyms={
        "学会章程": RuleKind.CHARTER,
        "议事规则和程序": RuleKind.PROCEDURE,
        "会议管理制度": RuleKind.MEETINGS,
        "财务管理制度": RuleKind.FINANCE,
        "财务管理办法": RuleKind.FINANCE,
        "人事管理制度": RuleKind.PERSONNEL,
        "档案管理制度": RuleKind.ARCHIVES,
        "监督管理制度": RuleKind.SUPERVISION,
        "信息公开": RuleKind.DISCLOSURE,
        "重大事项决策制度": RuleKind.MAJOR_DECISIONS,
        "三重一大": RuleKind.MAJOR_DECISIONS,
        "三重一大制度": RuleKind.MAJOR_DECISIONS,
        "三重一大决策制度": RuleKind.MAJOR_DECISIONS,
        "分支机构管理制度": RuleKind.BRANCH_MANAGEMENT,
        "会员管理制度": RuleKind.MEMBER_MANAGEMENT,
        "党建工作制度": RuleKind.PARTY_WORK,
        "监事会工作制度": RuleKind.SUPERVISORY_BOARD,
        "期刊管理办法": RuleKind.JOURNALS,
    },
    what="制度类型",
)


class RuleDocumentSheet(RecordSheet):
    title = "制度"
    aliases = ("规章制度", "制度建设", "制度文件", "内部制度")
    model = RuleDocument
    noun = "项"
    key = ("kind", "name")
    ordering = ("kind", "adopted_on", "name", "id")
    columns = (
        column(
            "kind",
            "制度类型",
            "制度类别",
            "类型",
            required=True,
            parser=parse_rule_kind,
            example="财务制度",
            choices=tuple(RuleKind.labels),
        ),
        column("name", "名称", "制度名称", "文件名称", required=True, example="财务管理制度"),
        column(
            "adopted_on",
            "通过日期",
            "通过时间",
            "制定日期",
            "印发日期",
            required=True,
            parser=parse_day,
            example="2023-03-15",
        ),
        column("adopted_by", "通过会议", "审议会议", "审议通过会议", example="五届三次理事会"),
    )
    save_service = staticmethod(rule_document_save)
    record_arg = "document"

    def export_row(self, document: RuleDocument) -> list:
        return [
            document.get_kind_display(),
            document.name,
            document.adopted_on,
            document.adopted_by,
        ]

    def label(self, document: RuleDocument) -> str:
        return f"{document.get_kind_display()}：{document.name}"


# ---------------------------------------------------------------- 财务

# The income columns of the sheet; 其他收入 is 收入合计 less these.
NAMED_SOURCES = (
    IncomeSource.DUES,
    IncomeSource.GOVERNMENT,
    IncomeSource.TECHNICAL,
    IncomeSource.TRAINING,
    IncomeSource.DONATIONS,
)


class FinanceSheet(RecordSheet):
    title = "财务"
    aliases = ("财务情况", "年度财务", "财务状况", "财务数据")
    model = FinanceYear
    noun = "年"
    key = ("year",)
    ordering = ("year",)
    field_of = {"total_income": None}
    columns = (
        column("year", "年度", "年份", required=True, parser=parse_year, example=2024),
        column(
            "total_income",
            "收入合计",
            "总收入",
            "收入总计",
            parser=parse_amount,
            example=550000,
            note="其他收入 = 收入合计 − 各项收入",
        ),
        column("income_dues", "会费收入", "会费", parser=parse_amount, example=120000),
        column(
            "income_government",
            "政府购买服务收入",
            "政府购买服务",
            "政府购买服务收入(元)",
            parser=parse_amount,
            example=300000,
        ),
        column("income_technical", "技术服务收入", "技术服务", parser=parse_amount, example=50000),
        column(
            "income_training",
            "培训会展收入",
            "培训与会展收入",
            "培训及会展收入",
            parser=parse_amount,
            example=80000,
        ),
        column(
            "income_donations",
            "捐赠赞助收入",
            "捐赠与赞助收入",
            "捐赠收入",
            parser=parse_amount,
            example=0,
        ),
        column(
            "total_expenditure",
            "支出合计",
            "总支出",
            "支出总计",
            parser=parse_amount,
            example=480000,
        ),
        column("net_assets", "净资产", "净资产合计", parser=parse_signed_amount, example=260000),
        flag_column(
            "is_audited",
            "已审计",
            "是否审计",
            "是否已审计",
            example="是",
        ),
    )

    def export_row(self, item: FinanceYear) -> list:
        return [
            item.year,
            item.total_income,
            *(getattr(item, source.value) for source in NAMED_SOURCES),
            item.total_expenditure,
            item.net_assets,
            yes_no(item.is_audited),
        ]

    def row_fields(self, result, row, original) -> dict:
        fields = super().row_fields(result, row, original)
        if not result.has("total_income"):
            return fields
        named = sum(
            (_stored_or(fields, original, source.value) for source in NAMED_SOURCES),
            Decimal("0"),
        )
        total = row.values.get("total_income")
        if total is None:
            fields[IncomeSource.OTHER.value] = Decimal("0")
        elif total < named:
            row.add_error(
                "total_income", f"收入合计（{plain(total)}元）小于各项收入之和（{plain(named)}元）"
            )
        else:
            fields[IncomeSource.OTHER.value] = total - named
        return fields

    def label(self, item: FinanceYear) -> str:
        return f"{item.year}年度"

    def create(self, fields: dict) -> None:
        finance_year_save(
            finance_year=FinanceYear(society=self.society, **fields), actor=self.actor
        )

    def update(self, item: FinanceYear, fields: dict) -> None:
        for name, value in fields.items():
            setattr(item, name, value)
        finance_year_save(finance_year=item, actor=self.actor)


def _stored_or(fields: dict, original, name: str) -> Decimal:
    if name in fields:
        return fields[name]
    return getattr(original, name) if original is not None else Decimal("0")
