"""Each sheet's parsing and validation, the header tolerance, and all-or-nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from xuehui.access import SYSTEM
from xuehui.activities.choices import ActivityKind, FourInto
from xuehui.activities.models import Activity
from xuehui.branches.models import Branch, BranchReport
from xuehui.files.tests.factories import make_stored_file
from xuehui.finances.models import FinanceYear
from xuehui.governance.choices import Office
from xuehui.governance.models import Position, Term
from xuehui.meetings.choices import MeetingKind
from xuehui.meetings.models import Meeting
from xuehui.meetings.tests.factories import make_meeting
from xuehui.members.choices import CongressForm
from xuehui.members.models import MembershipProfile, MemberYearStat
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument
from xuehui.secretariat.choices import OfficeSource
from xuehui.secretariat.models import Office as OfficePremises
from xuehui.secretariat.models import SecretariatProfile, StaffMember
from xuehui.societies.choices import DisciplineCategory
from xuehui.tests import factories
from xuehui.workbook.services import workbook_import

from .factories import xlsx

TODAY = dt.date(2025, 6, 30)

MEETING_HEADER = ["会议类型", "日期", "应到人数", "实到人数", "会议纪要", "监事列席"]
ACTIVITY_HEADER = [
    "活动类型",
    "名称",
    "开始日期",
    "结束日期",
    "级别",
    "主办方式",
    "参加人数",
    "收入（元）",
    "科技周或科普日",
    "四进",
]
FINANCE_HEADER = [
    "年度",
    "收入合计",
    "会费收入",
    "政府购买服务收入",
    "技术服务收入",
    "培训会展收入",
    "捐赠赞助收入",
    "支出合计",
    "净资产",
    "已审计",
]


def run(society, sheets: dict, **options):
    options.setdefault("actor", SYSTEM)
    return workbook_import(source=xlsx(sheets), society=society, today=TODAY, **options)


def errors(result) -> list[str]:
    return [str(error) for error in result.errors]


# ---------------------------------------------------------------- 基本信息


def test_basic_information_updates_the_society_and_its_profiles(society_a):
    result = run(
        society_a,
        {
            "基本信息": [
                ["项目", "内容"],
                ["统一社会信用代码", society_a.uscc],
                ["学科类别", "理科"],
                ["挂靠单位", "无挂靠"],
                ["成立日期", "1979.10"],
                ["法定代表人", "张建国"],
                ["会员大会形式", "会员代表大会"],
                ["会员代表人数", "180人"],
                ["独立银行账户", "√"],
                ["网站", "www.hbses.org.cn"],
                ["微信公众号", "湖北环境科学"],
            ]
        },
    )
    assert result.ok, errors(result)
    society_a.refresh_from_db()
    assert society_a.category == DisciplineCategory.SCIENCE
    assert society_a.host_institution == ""
    assert society_a.founded_on == dt.date(1979, 10, 1)
    assert society_a.legal_representative == "张建国"
    profile = MembershipProfile.objects.get(society=society_a)
    assert (profile.congress_form, profile.representative_count) == (
        CongressForm.REPRESENTATIVE,
        180,
    )
    secretariat = SecretariatProfile.objects.get(society=society_a)
    assert secretariat.has_own_bank_account is True
    assert secretariat.website == "http://www.hbses.org.cn"
    assert result.sheet("基本信息").outcome.updated == [
        "学科类别",
        "成立日期",
        "法定代表人",
        "会员大会形式",
        "会员代表人数",
        "独立银行账户",
        "网站",
        "微信公众号",
    ]


def test_a_blank_item_leaves_the_stored_value_alone(society_a):
    society_a.legal_representative = "张建国"
    society_a.save()
    result = run(
        society_a, {"基本信息": [["项目", "内容"], ["法定代表人", None], ["学科类别", ""]]}
    )
    assert result.ok
    society_a.refresh_from_db()
    assert society_a.legal_representative == "张建国"


def test_another_society_s_code_is_refused(society_a, society_b):
    result = run(society_a, {"基本信息": [["项目", "内容"], ["统一社会信用代码", society_b.uscc]]})
    assert errors(result) == [
        f"「基本信息」第2行 「内容」：与所导入学会（{society_a.name}，{society_a.uscc}）的统一社会信用代码不一致"
    ]


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("学科类别", "文科", "学科类别“文科”无法识别，可填写：理科、工科、农科、医科、交叉学科"),
        ("成立日期", "很久以前", "无法识别的日期"),
        ("会员代表人数", "-3", "不能为负数"),
        ("注册资金", "3万元", "未知的项目“注册资金”"),
    ],
)
def test_a_bad_item_is_reported_on_its_row(society_a, item, value, message):
    result = run(society_a, {"基本信息": [["项目", "内容"], [item, value]]})
    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith("「基本信息」第2行 「")
    assert message in str(result.errors[0])


def test_representatives_under_a_general_assembly_are_refused(society_a):
    sheet = [["项目", "内容"], ["会员大会形式", "会员大会"], ["会员代表人数", 120]]
    result = run(society_a, {"基本信息": sheet})
    assert "会员大会形式无需填写会员代表人数" in " ".join(errors(result))
    assert not MembershipProfile.objects.exists()


def test_the_society_is_found_by_its_code(society_a):
    sheet = [["项目", "内容"], ["统一社会信用代码", society_a.uscc.lower()], ["法定代表人", "王五"]]
    result = workbook_import(source=xlsx({"基本信息": sheet}), today=TODAY)
    assert result.ok and result.society == society_a


def test_an_unknown_code_or_no_code_is_refused(db):
    unknown = factories.make_uscc(99999)
    result = workbook_import(
        source=xlsx({"基本信息": [["项目", "内容"], ["统一社会信用代码", unknown]]})
    )
    assert f"系统中没有统一社会信用代码为{unknown}的学会" in errors(result)[0]
    result = workbook_import(source=xlsx({"会议": [MEETING_HEADER, ["理事会", "2024-03-01"]]}))
    assert "无法确定学会" in errors(result)[0]


# ---------------------------------------------------------------- 届次 and 理事会成员

ROSTER = [
    ["姓名", "出生年月", "学会职务", "一线科技工作者"],
    ["张三", "1965.03", "理事长", "是"],
    ["李四", "1972.11", "秘书长、理事", "否"],
]


def test_a_new_term_closes_the_open_one_and_takes_the_roster(society_a):
    old = factories.make_term(society_a, number=4, start_on=dt.date(2019, 5, 1))
    result = run(
        society_a,
        {
            "届次": [
                ["届次", "开始日期", "届满日期", "实际结束日期"],
                ["第五届", "2024-05-01", None, None],
            ],
            "理事会成员": ROSTER,
        },
    )
    assert result.ok, errors(result)
    old.refresh_from_db()
    assert old.ended_on == dt.date(2024, 5, 1)
    new = Term.objects.get(society=society_a, number=5)
    assert new.planned_end_on == dt.date(2029, 5, 1)
    offices = sorted(Position.objects.filter(term=new).values_list("office", flat=True))
    assert offices == sorted([Office.PRESIDENT, Office.SECRETARY_GENERAL, Office.DIRECTOR])
    assert not Position.objects.filter(term=old).exists()


def test_overlapping_terms_are_refused(society_a):
    factories.make_term(
        society_a, number=4, start_on=dt.date(2019, 5, 1), ended_on=dt.date(2024, 5, 1)
    )
    sheet = [["届次", "开始日期"], [5, "2023-01-01"]]
    result = run(society_a, {"届次": sheet})
    assert errors(result) == [
        "「届次」第2行 「开始日期」：与第4届（2019-05-01至2024-05-01）的任期重叠；如已换届，请填写上一届的实际结束日期"
    ]
    assert Term.objects.filter(society=society_a).count() == 1


@pytest.mark.parametrize(("cell", "number"), [(3, 3), ("第3届", 3), ("第十二届", 12), ("三", 3)])
def test_term_numbers_are_read_in_any_common_form(society_a, cell, number):
    result = run(society_a, {"届次": [["届次", "开始日期"], [cell, "2024-05-01"]]})
    assert result.ok, errors(result)
    assert Term.objects.get(society=society_a).number == number


def test_a_roster_error_names_the_sheet_the_row_and_the_column(society_a):
    factories.make_term(society_a, number=5, start_on=dt.date(2022, 6, 1))
    roster = [*ROSTER, ["王五", "1970.01", "学术委员", "是"]]
    result = run(society_a, {"理事会成员": roster})
    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith(
        "「理事会成员」第4行 「学会职务」：未知的学会职务“学术委员”"
    )
    assert not Position.objects.exists()


def test_a_roster_without_a_current_term_is_refused(society_a):
    factories.make_term(
        society_a, number=3, start_on=dt.date(2015, 1, 1), ended_on=dt.date(2020, 1, 1)
    )
    result = run(society_a, {"理事会成员": ROSTER})
    assert "无法确定当前届次：2025-06-30没有正在运行的届次" in errors(result)[0]


def test_an_empty_roster_sheet_leaves_the_council_alone(society_a):
    term = factories.make_term(society_a, number=5, start_on=dt.date(2022, 6, 1))
    factories.make_position(term, Office.PRESIDENT)
    result = run(society_a, {"理事会成员": [ROSTER[0]], "会议": [MEETING_HEADER]})
    assert result.ok
    assert result.sheet("理事会成员").state == "empty"
    assert Position.objects.filter(term=term).count() == 1


# ---------------------------------------------------------------- part-1 sheets


def test_member_statistics_are_created_and_corrected_by_year(society_a):
    MemberYearStat.objects.create(society=society_a, year=2016, individual_count=200)
    sheet = [["年度", "个人会员数", "单位会员数"], ["2016年", 260, 8], [2024, "1,340", None]]
    result = run(society_a, {"会员统计": sheet})
    assert result.ok, errors(result)
    stats = dict(
        MemberYearStat.objects.filter(society=society_a).values_list("year", "individual_count")
    )
    assert stats == {2016: 260, 2024: 1340}
    assert result.sheet("会员统计").outcome.summary() == "新增1年，更新1年，未变化0年"


def test_staff_holding_a_finance_certificate_become_finance_staff(society_a):
    header = [
        "姓名",
        "岗位",
        "聘用开始",
        "聘用结束",
        "月薪酬标准（元）",
        "五险一金",
        "中共党员",
        "财务人员持证",
    ]
    sheet = [header, ["赵会计", "会计", "2023-01-01", None, "5,800", "是", "否", "是"]]
    assert run(society_a, {"专职工作人员": sheet}).ok
    staff = StaffMember.objects.get(society=society_a)
    assert staff.is_finance_staff and staff.has_finance_certificate
    assert staff.monthly_pay == Decimal("5800")


def test_staff_are_recorded_as_full_time_or_part_time(society_a):
    header = ["姓名", "聘用开始", "专兼职"]
    sheet = [header, ["兼职会计", "2023-01-01", "兼职"], ["专职秘书", "2023-01-01", None]]
    outcome = run(society_a, {"专职工作人员": sheet})
    assert outcome.ok, errors(outcome)
    kinds = dict(StaffMember.objects.values_list("name", "is_full_time"))
    assert kinds == {"兼职会计": False, "专职秘书": True}
    wrong = run(society_a, {"专职工作人员": [header, ["王敏", "2023-01-01", "临时"]]})
    assert errors(wrong) == ["「专职工作人员」第2行 「专兼职」：请填写“专职”或“兼职”"]


def test_staff_rows_are_checked(society_a):
    header = ["姓名", "聘用开始", "聘用结束"]
    sheet = [
        header,
        ["王敏", "2023-01-01", "2022-12-31"],
        ["李强", "2023-01-01", None],
        ["李强", "2024-01-01", None],
    ]
    result = run(society_a, {"专职工作人员": sheet})
    assert errors(result) == [
        "「专职工作人员」第2行 「聘用结束」：聘用结束日期不能早于聘用开始日期",
        "「专职工作人员」第4行 「姓名」：与第3行重复（姓名相同）",
    ]


def test_an_office_area_may_carry_its_unit(society_a):
    sheet = [
        ["地址", "面积（平方米）", "来源", "办公设施归学会所有"],
        ["武汉市八一路1号", "25㎡", "挂靠单位提供", "是"],
    ]
    assert run(society_a, {"办公场所": sheet}).ok
    office = OfficePremises.objects.get(society=society_a)
    assert (office.area_m2, office.source) == (Decimal("25"), OfficeSource.HOST_PROVIDED)


def test_an_unknown_office_source_lists_the_choices(society_a):
    sheet = [["地址", "面积（平方米）", "来源"], ["武汉", 30, "买的"]]
    assert errors(run(society_a, {"办公场所": sheet})) == [
        "「办公场所」第2行 「来源」：来源“买的”无法识别，可填写：自有、租赁、挂靠单位提供、借用"
    ]


def test_party_organisations_are_matched_by_form(society_a):
    PartyOrganisation.objects.create(
        society=society_a, form=PartyOrganisationForm.BRANCH, established_on=dt.date(2019, 7, 1)
    )
    sheet = [["形式", "成立日期", "书记", "党员人数"], ["党支部", "2019-07-01", "李华", "12人"]]
    result = run(society_a, {"党组织": sheet})
    assert result.ok
    organisation = PartyOrganisation.objects.get(society=society_a)
    assert (organisation.secretary_name, organisation.party_member_count) == ("李华", 12)


def test_a_party_organisation_needs_its_founding_date(society_a):
    result = run(society_a, {"党组织": [["形式", "成立日期"], ["党小组", None]]})
    assert errors(result) == ["「党组织」第2行 「成立日期」：必填项为空"]


def test_a_branch_report_date_adds_that_year_s_report_once(society_a):
    header = ["名称", "类型", "备案日期", "负责人", "状态", "最近述职日期"]
    sheet = [header, ["环境监测专业委员会", "专委会", "2019-05-10", "陈刚", "正常", "2024-12-18"]]
    assert run(society_a, {"分支机构": sheet}).ok
    branch = Branch.objects.get(society=society_a)
    assert list(branch.reports.values_list("year", "reported_on")) == [
        (2024, dt.date(2024, 12, 18))
    ]
    again = run(society_a, {"分支机构": sheet})
    assert again.sheet("分支机构").outcome.summary() == "新增0个，更新0个，未变化1个"
    assert BranchReport.objects.count() == 1


# ---------------------------------------------------------------- 会议, 活动, 制度, 财务


def test_meetings_are_read_with_common_names(society_a):
    sheet = [
        MEETING_HEADER,
        ["会长办公会", "2024/3/1", 9, 7, "有", "否"],
        ["会员代表大会", "2022年6月1日", 180, 150, "是", "是"],
    ]
    result = run(society_a, {"会议": sheet})
    assert result.ok, errors(result)
    kinds = set(Meeting.objects.filter(society=society_a).values_list("kind", flat=True))
    assert kinds == {MeetingKind.PRESIDENT_OFFICE, MeetingKind.MEMBER_CONGRESS}


def test_meeting_rows_are_checked(society_a):
    make_meeting(society_a, held_on=dt.date(2024, 1, 5), minutes_file=make_stored_file(society_a))
    sheet = [
        MEETING_HEADER,
        ["理事会", "2024-03-01", 30, 31, "是", "是"],
        ["常务理事会", "2024-04-01", 20, 15, "是", "是"],
        ["常务理事会", "2024.04.01", 20, 15, "是", "是"],
        ["理事会", "2024-01-05", 60, 50, "否", "是"],
        ["年会", "2024-05-01", None, None, None, None],
    ]
    assert errors(run(society_a, {"会议": sheet})) == [
        "「会议」第2行 「实到人数」：实到人数不能多于应到人数",
        "「会议」第4行 「会议类型」：与第3行重复（会议类型、日期相同）",
        "「会议」第5行 「会议纪要」：该会议已上传会议纪要文件，应填“是”",
        "「会议」第6行 「会议类型」：会议类型“年会”无法识别，可填写："
        "会员（代表）大会、理事会、常务理事会、理事长办公会、秘书长工作会、监事会、党组织会议",
    ]
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize(
    ("cell", "places"),
    [
        ("社区、学校", [FourInto.COMMUNITIES, FourInto.SCHOOLS]),
        ("进农村,进企业", [FourInto.VILLAGES, FourInto.ENTERPRISES]),
        ("否", []),
        (None, []),
    ],
)
def test_four_into_is_read_as_places(society_a, cell, places):
    sheet = [
        ACTIVITY_HEADER,
        ["科普", "科普进基层", "2024-05-20", None, "市级", "主办", 300, 0, "是", cell],
    ]
    result = run(society_a, {"活动": sheet})
    assert result.ok, errors(result)
    activity = Activity.objects.get(society=society_a)
    assert activity.four_into == places
    assert activity.end_on == activity.start_on


def test_four_into_needs_the_places_not_just_yes(society_a):
    sheet = [
        ACTIVITY_HEADER,
        ["科普", "科普进基层", "2024-05-20", None, "市级", "主办", 300, 0, "是", "是"],
    ]
    assert (
        "“是”无法识别，请填写：农村、社区、学校、企业" in errors(run(society_a, {"活动": sheet}))[0]
    )


def test_an_activity_ending_before_it_starts_is_refused(society_a):
    sheet = [
        ACTIVITY_HEADER,
        ["学术交流", "年会", "2024-05-20", "2024-05-19", "省级", "承办", None, None, None, None],
    ]
    assert errors(run(society_a, {"活动": sheet})) == [
        "「活动」第2行 「结束日期」：结束日期不能早于开始日期"
    ]


@pytest.mark.parametrize(
    "cell", ["重大事项决策制度(三重一大)", "重大事项决策制度（三重一大）", "三重一大制度"]
)
def test_rule_kinds_are_read_with_either_bracket(society_a, cell):
    sheet = [
        ["制度类型", "名称", "通过日期", "通过会议"],
        [cell, "三重一大决策办法", "2023-03-15", "五届三次理事会"],
    ]
    assert run(society_a, {"制度": sheet}).ok
    assert RuleDocument.objects.get(society=society_a).kind == RuleKind.MAJOR_DECISIONS


def test_a_rule_document_needs_its_adoption_date(society_a):
    sheet = [["制度类型", "名称", "通过日期"], ["财务制度", "财务管理制度", None]]
    assert errors(run(society_a, {"制度": sheet})) == ["「制度」第2行 「通过日期」：必填项为空"]


def test_other_income_is_the_total_less_the_named_sources(society_a):
    sheet = [
        FINANCE_HEADER,
        [2024, 551500.5, 120000, 300000, 50000, 80000, None, 480000, -3200.75, "否"],
    ]
    assert run(society_a, {"财务": sheet}).ok
    item = FinanceYear.objects.get(society=society_a, year=2024)
    assert item.income_donations == 0
    assert item.income_other == Decimal("1500.5")
    assert item.total_income == Decimal("551500.5")
    assert item.net_assets == Decimal("-3200.75")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            [2024, 1000, 800, 300],
            "「财务」第2行 「收入合计」：收入合计（1000元）小于各项收入之和（1100元）",
        ),
        ([2024, "3万元"], "「财务」第2行 「收入合计」：请以“元”为单位填写金额"),
        ([2024, 10.005], "「财务」第2行 「收入合计」：金额最多保留两位小数"),
        ([24, 100], "「财务」第2行 「年度」：年度应为四位数的年份，如2024"),
        ([2024, None, -5], "「财务」第2行 「会费收入」：金额不能为负数"),
    ],
)
def test_finance_rows_are_checked(society_a, row, message):
    assert errors(run(society_a, {"财务": [FINANCE_HEADER[: len(row)], row]})) == [message]


# ---------------------------------------------------------------- tolerance and strictness


def test_headers_and_sheet_names_are_read_tolerantly(society_a):
    sheet = [
        ["湖北省环境科学学会2024年度活动统计表"],
        ["序号", " 活动类型 ", "活动名称", "开始日期", "级别*", "主办方式", "收入(元)"],
        [1, "学术交流", "年会", 45580, "省级", "主办", "1,200"],
    ]
    result = run(society_a, {"活动记录": sheet})
    assert result.ok, errors(result)
    activity = Activity.objects.get(society=society_a)
    assert (activity.kind, activity.start_on, activity.revenue) == (
        ActivityKind.ACADEMIC_EXCHANGE,
        dt.date(2024, 10, 15),
        Decimal("1200"),
    )


def test_one_bad_cell_anywhere_writes_nothing(society_a):
    sheets = {
        "基本信息": [["项目", "内容"], ["法定代表人", "王五"]],
        "会议": [MEETING_HEADER, ["理事会", "2024-03-01", 60, 50, "是", "是"]],
        "财务": [FINANCE_HEADER, [2024, "很多"]],
    }
    result = run(society_a, sheets)
    assert errors(result) == ["「财务」第2行 「收入合计」：“很多”不是数字"]
    assert not result.written
    society_a.refresh_from_db()
    assert society_a.legal_representative == ""
    assert not Meeting.objects.exists()


def test_a_missing_required_column_is_reported_once(society_a):
    result = run(
        society_a, {"会议": [["日期", "应到人数"], ["2024-03-01", 10], ["2024-04-01", 12]]}
    )
    assert errors(result) == ["「会议」第1行 「会议类型」：缺少必填列"]


def test_unknown_sheets_are_ignored_with_a_warning_and_duplicates_refused(society_a):
    result = run(society_a, {"会议": [MEETING_HEADER], "杂项": [["随便", "写写"]]})
    assert result.ok
    assert result.warnings == ["未识别的工作表「杂项」，已忽略"]
    result = run(society_a, {"财务": [FINANCE_HEADER], "年度财务": [FINANCE_HEADER]})
    assert errors(result) == ["工作表「财务」和「年度财务」都是「财务」，请只保留一个"]


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(society_a):
    sheets = {"会议": [MEETING_HEADER, ["理事会", "2024-03-01", 60, 50, "是", "是"]]}
    result = run(society_a, sheets, dry_run=True)
    assert result.ok
    assert result.sheet("会议").outcome.summary() == "新增1次，更新0次，未变化0次"
    assert not Meeting.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(society_a):
    result = workbook_import(
        source=b"%PDF-1.4 not a workbook", filename="工作簿.xlsx", society=society_a
    )
    assert not result.ok
    assert "不是Excel表格" in errors(result)[0]


def test_new_member_counts_and_staff_are_written_in_one_insert_each_audited_as_one_by_one(
    society_a, django_assert_max_num_queries
):
    from xuehui.audit.models import AuditEntry
    from xuehui.members.services import member_year_stat_save
    from xuehui.secretariat.services import staff_member_save

    years = [
        ["年度", "个人会员数", "单位会员数"],
        *([y, 100 + y % 100, 1] for y in range(2000, 2020)),
    ]
    staff = [["姓名", "聘用开始"], *([f"员工{n}", "2023-01-01"] for n in range(20))]
    with django_assert_max_num_queries(70):  # one by one: 406 queries
        result = run(society_a, {"会员统计": years, "专职工作人员": staff})
    assert result.ok, errors(result)
    assert MemberYearStat.objects.filter(society=society_a).count() == 20
    bulk = AuditEntry.objects.filter(action="staff_member_create").order_by("pk")
    assert [e.summary for e in bulk][:2] == ["新增工作人员 员工0", "新增工作人员 员工1"]
    # The entry of a record added in bulk is the entry the save service leaves.
    alone = StaffMember(society=society_a, name="单独", contract_start=dt.date(2023, 1, 1))
    staff_member_save(staff=alone, actor=SYSTEM)
    one = AuditEntry.objects.filter(action="staff_member_create").latest("pk")
    first = bulk[0]
    assert (one.target_type, one.society_id, set(one.detail)) == (
        first.target_type,
        first.society_id,
        set(first.detail),
    )
    assert one.detail["changes"].keys() == first.detail["changes"].keys()
    stat = MemberYearStat.objects.get(society=society_a, year=2000)
    entry = AuditEntry.objects.get(action="member_year_stat_create", target_id=str(stat.pk))
    assert entry.summary == "新增2000年会员统计：个人100、单位1" and "source" not in entry.detail
    member_year_stat_save(stat=stat, actor=SYSTEM)  # the stored record is whole


def test_a_workbook_whose_new_rows_clash_in_the_database_writes_nothing(society_a, monkeypatch):
    """A year added by someone else after the check is found by the bulk insert: nothing of
    the workbook is written, the staff sheet before it included."""
    from xuehui.workbook.sheets.organisation import MemberStatSheet

    validate = MemberStatSheet.validate

    def late_clash(self, result):
        validate(self, result)
        MemberYearStat.objects.create(society=society_a, year=2024, individual_count=1)

    monkeypatch.setattr(MemberStatSheet, "validate", late_clash)
    years = [["年度", "个人会员数"], [2023, 10], [2024, 20]]
    staff = [["姓名", "聘用开始"], ["王敏", "2023-01-01"]]
    result = run(society_a, {"专职工作人员": staff, "会员统计": years})
    assert not result.ok and not result.written
    assert "刚被他人修改" in errors(result)[0]
    assert list(MemberYearStat.objects.values_list("year", "individual_count")) == [(2024, 1)]
    assert not StaffMember.objects.exists()
