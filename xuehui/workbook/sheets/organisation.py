"""The sheets of part 1 of the society records: 会员统计, 专职工作人员, 办公场所, 党组织, 分支机构.

They read and write through the models and services of the members, secretariat, party and
branches apps; only the sheet layout and the matching live here.
"""

from xuehui.branches.choices import BranchKind, BranchStatus
from xuehui.branches.models import Branch, BranchReport
from xuehui.branches.services import branch_report_save, branch_save
from xuehui.lib.parsing import choice_parser, parse_area, parse_decimal
from xuehui.members.models import MemberYearStat
from xuehui.members.services import member_year_stat_save, member_year_stats_create
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.party.services import party_organisation_save
from xuehui.secretariat.choices import OfficeSource
from xuehui.secretariat.models import Office, StaffMember
from xuehui.secretariat.services import office_save, staff_member_save, staff_members_create

from .base import (
    RecordSheet,
    column,
    flag_column,
    parse_count,
    parse_day,
    parse_year,
    yes_no,
)

# ---------------------------------------------------------------- 会员统计


class MemberStatSheet(RecordSheet):
    """Hand-entered yearly member counts; years counted from the register are not exported."""

    title = "会员统计"
    aliases = ("年度会员统计", "会员情况", "会员数量")
    model = MemberYearStat
    noun = "年"
    key = ("year",)
    ordering = ("year",)
    field_of = {"individual": "individual_count", "institutional": "institutional_count"}
    columns = (
        column("year", "年度", "年份", required=True, parser=parse_year, example=2016),
        column(
            "individual",
            "个人会员数",
            "个人会员",
            "个人会员人数",
            required=True,
            parser=parse_count,
            example=320,
        ),
        column(
            "institutional",
            "单位会员数",
            "单位会员",
            "单位会员个数",
            parser=parse_count,
            example=15,
        ),
    )
    save_service = staticmethod(member_year_stat_save)
    create_service = staticmethod(member_year_stats_create)
    record_arg = "stat"

    def export_row(self, stat: MemberYearStat) -> list:
        return [stat.year, stat.individual_count, stat.institutional_count]

    def label(self, stat: MemberYearStat) -> str:
        return f"{stat.year}年"


# ---------------------------------------------------------------- 专职工作人员


def parse_pay(value: object):
    number = parse_decimal(value, units=("元/月", "元"))
    if number is not None and number < 0:
        raise ValueError("不能为负数")
    return number


def parse_full_time(text) -> bool | None:
    """专职 or 兼职; a blank cell gives None, stored as the default (专职)."""
    value = "" if text is None else str(text).strip()
    if not value:
        return None
    if value in ("专职", "全职"):
        return True
    if value in ("兼职", "非专职"):
        return False
    raise ValueError("请填写“专职”或“兼职”")


class StaffSheet(RecordSheet):
    """Staff (专职 or 兼职) matched by name; 财务人员持证 = 是 makes the person finance staff."""

    title = "专职工作人员"
    aliases = ("专职人员", "工作人员", "秘书处工作人员", "秘书处专职工作人员")
    model = StaffMember
    noun = "人"
    key = ("name",)
    ordering = ("contract_start", "name", "id")
    field_of = {"certified": "has_finance_certificate"}
    columns = (
        column("name", "姓名", required=True, example="王敏"),
        column("post", "岗位", "职务", "工作岗位", example="办公室主任"),
        column(
            "contract_start",
            "聘用开始",
            "聘用开始日期",
            "合同开始日期",
            "聘用日期",
            "入职日期",
            "聘用时间",
            required=True,
            parser=parse_day,
            example="2021-03-01",
        ),
        column(
            "contract_end",
            "聘用结束",
            "聘用结束日期",
            "合同结束日期",
            "合同到期日期",
            parser=parse_day,
            example="2026-02-28",
            note="无固定期限则留空",
        ),
        column(
            "is_full_time",
            "专兼职",
            "专职或兼职",
            "用工形式",
            parser=parse_full_time,
            choices=("专职", "兼职"),
            example="专职",
            note="留空按专职",
        ),
        column(
            "monthly_pay",
            "月薪酬标准（元）",
            "月薪酬标准",
            "月薪酬",
            "月工资",
            "薪酬标准",
            parser=parse_pay,
            example=6500,
        ),
        flag_column(
            "has_social_insurance",
            "五险一金",
            "缴纳五险一金",
            "是否缴纳五险一金",
            "参保情况",
            "社会保险",
            example="是",
        ),
        flag_column(
            "is_party_member",
            "中共党员",
            "党员",
            "是否党员",
            "是否中共党员",
            example="否",
        ),
        flag_column(
            "certified",
            "财务人员持证",
            "财务人员是否持证",
            "会计从业资格",
            example="否",
            note="财务人员持有会计类证书填“是”",
        ),
    )
    save_service = staticmethod(staff_member_save)
    create_service = staticmethod(staff_members_create)
    record_arg = "staff"

    def export_row(self, staff: StaffMember) -> list:
        return [
            staff.name,
            staff.post,
            staff.contract_start,
            staff.contract_end,
            "专职" if staff.is_full_time else "兼职",
            staff.monthly_pay,
            yes_no(staff.has_social_insurance),
            yes_no(staff.is_party_member),
            yes_no(staff.has_finance_certificate),
        ]

    def row_fields(self, result, row, original) -> dict:
        fields = super().row_fields(result, row, original)
        if fields.get("has_finance_certificate"):
            fields["is_finance_staff"] = True
        return fields


# ---------------------------------------------------------------- 办公场所

parse_office_source = choice_parser(
    OfficeSource,
    synonyms={
        "自有房产": OfficeSource.OWNED,
        "自购": OfficeSource.OWNED,
        "租用": OfficeSource.RENTED,
        "租赁房屋": OfficeSource.RENTED,
        "挂靠单位": OfficeSource.HOST_PROVIDED,
        "挂靠单位无偿提供": OfficeSource.HOST_PROVIDED,
        "支撑单位提供": OfficeSource.HOST_PROVIDED,
        "无偿借用": OfficeSource.BORROWED,
    },
    what="来源",
)


def parse_office_area(value: object):
    area = parse_area(value)
    if area is not None and area <= 0:
        raise ValueError("面积应大于0")
    return area


class OfficeSheet(RecordSheet):
    title = "办公场所"
    aliases = ("办公用房", "办公场地", "办公地点")
    model = Office
    noun = "处"
    key = ("address",)
    ordering = ("id",)
    columns = (
        column(
            "address",
            "地址",
            "办公地址",
            "办公场所地址",
            required=True,
            example="武汉市武昌区某路1号",
        ),
        column(
            "area_m2",
            "面积（平方米）",
            "面积",
            "办公面积",
            "使用面积",
            "建筑面积",
            required=True,
            parser=parse_office_area,
            example=60,
        ),
        column(
            "source",
            "来源",
            "房屋来源",
            "场所来源",
            "产权情况",
            required=True,
            parser=parse_office_source,
            example="租赁",
            choices=tuple(OfficeSource.labels),
        ),
        flag_column(
            "facilities_owned",
            "办公设施归学会所有",
            "办公设施归属学会",
            "办公设施产权属于学会",
            example="是",
        ),
    )
    save_service = staticmethod(office_save)
    record_arg = "office"

    def export_row(self, office: Office) -> list:
        return [
            office.address,
            office.area_m2,
            office.get_source_display(),
            yes_no(office.facilities_owned),
        ]

    def label(self, office: Office) -> str:
        return office.address


# ---------------------------------------------------------------- 党组织

parse_party_form = choice_parser(
    PartyOrganisationForm,
    synonyms={
        "党委员会": PartyOrganisationForm.COMMITTEE,
        "党总支部": PartyOrganisationForm.GENERAL_BRANCH,
        "党支部委员会": PartyOrganisationForm.BRANCH,
        "联合支部": PartyOrganisationForm.JOINT_BRANCH,
        "党建联络员": PartyOrganisationForm.LIAISON,
        "党建工作指导员": PartyOrganisationForm.LIAISON,
    },
    what="形式",
)


class PartySheet(RecordSheet):
    """Party organisations matched by form (one 党支部, one 党委…)."""

    title = "党组织"
    aliases = ("党组织情况", "党建", "党的组织")
    model = PartyOrganisation
    noun = "个"
    key = ("form",)
    ordering = ("established_on", "id")
    field_of = {"secretary": "secretary_name", "members": "party_member_count"}
    columns = (
        column(
            "form",
            "形式",
            "党组织形式",
            "组织形式",
            required=True,
            parser=parse_party_form,
            example="党支部",
            choices=tuple(PartyOrganisationForm.labels),
        ),
        column(
            "established_on",
            "成立日期",
            "成立时间",
            required=True,
            parser=parse_day,
            example="2019-07-01",
        ),
        column("secretary", "书记", "党组织书记", "书记(联络员)", "联络员", example="李华"),
        column("members", "党员人数", "党员数", parser=parse_count, example=12),
    )
    save_service = staticmethod(party_organisation_save)
    record_arg = "organisation"

    def export_row(self, organisation: PartyOrganisation) -> list:
        return [
            organisation.get_form_display(),
            organisation.established_on,
            organisation.secretary_name,
            organisation.party_member_count,
        ]

    def label(self, organisation: PartyOrganisation) -> str:
        return organisation.get_form_display()


# ---------------------------------------------------------------- 分支机构

parse_branch_kind = choice_parser(
    BranchKind,
    synonyms={"专委会": BranchKind.SPECIALIST_COMMITTEE, "工委会": BranchKind.WORKING_COMMITTEE},
    what="类型",
)
parse_branch_status = choice_parser(
    BranchStatus,
    synonyms={
        "活跃": BranchStatus.ACTIVE,
        "撤销": BranchStatus.REVOKED,
        "已注销": BranchStatus.REVOKED,
    },
    what="状态",
)


class BranchSheet(RecordSheet):
    """Branches matched by name; 最近述职日期 adds or corrects that year's report (述职)."""

    title = "分支机构"
    aliases = ("分支机构情况", "专业委员会", "分支机构和专业委员会")
    model = Branch
    noun = "个"
    key = ("name",)
    ordering = ("name", "id")
    field_of = {"head": "head_name", "last_report": None}
    columns = (
        column("name", "名称", "分支机构名称", required=True, example="环境监测专业委员会"),
        column(
            "kind",
            "类型",
            "机构类型",
            required=True,
            parser=parse_branch_kind,
            example="专业委员会",
            choices=tuple(BranchKind.labels),
        ),
        column(
            "filed_on",
            "备案日期",
            "备案时间",
            parser=parse_day,
            example="2019-05-10",
            note="未备案则留空",
        ),
        column("head", "负责人", "主任委员", "负责人姓名", example="陈刚"),
        column(
            "status",
            "状态",
            "运行状态",
            parser=parse_branch_status,
            example="正常",
            choices=tuple(BranchStatus.labels),
        ),
        column(
            "last_report",
            "最近述职日期",
            "述职日期",
            "最近一次述职日期",
            parser=parse_day,
            example="2024-12-20",
            note="负责人最近一次向理事会述职的日期",
        ),
    )
    save_service = staticmethod(branch_save)
    record_arg = "branch"

    def records(self):
        return super().records().prefetch_related("reports")

    def export_row(self, branch: Branch) -> list:
        report = _latest_report(branch)
        return [
            branch.name,
            branch.get_kind_display(),
            branch.filed_on,
            branch.head_name,
            branch.get_status_display(),
            report.reported_on if report else None,
        ]

    def label(self, branch: Branch) -> str:
        return branch.name

    def validate(self, result) -> None:
        super().validate(result)
        self.reports = []  # (plan, the report to correct or None, the report's date)
        for plan in self.plans:
            day = plan.row.values.get("last_report")
            if day is None:
                continue
            existing = _report_for(plan.original, day)
            if existing is None or existing.reported_on != day:
                self.reports.append((plan, existing, day))
                note = f"登记{day.year}年述职"
                plan.row.note = note if plan.row.note == "无变化" else f"{plan.row.note}，{note}"

    def write(self, result):
        outcome = super().write(result)
        for plan, existing, day in self.reports:
            report = existing or BranchReport(branch=plan.record, year=day.year)
            report.reported_on = day
            branch_report_save(report=report, actor=self.actor)
            outcome.notes.append(f"{plan.label}：登记{day.year}年负责人述职（{day:%Y-%m-%d}）")
        return outcome


def _latest_report(branch: Branch) -> BranchReport | None:
    reports = sorted(branch.reports.all(), key=lambda r: (r.reported_on, r.year))
    return reports[-1] if reports else None


def _report_for(branch: Branch | None, day) -> BranchReport | None:
    """The report the date belongs to: the one on that day, else the one of that year."""
    if branch is None:
        return None
    reports = list(branch.reports.all())
    return next((r for r in reports if r.reported_on == day), None) or next(
        (r for r in reports if r.year == day.year), None
    )
