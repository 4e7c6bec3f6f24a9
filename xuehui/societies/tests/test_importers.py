"""The society registry import: upsert by code, tolerance, strictness, federations."""

import datetime as dt

import pytest

from xuehui.audit.models import AuditEntry
from xuehui.imports.tests.files import csv_bytes, xlsx_bytes
from xuehui.societies.choices import DatePrecision, DisciplineCategory, SocietyStatus
from xuehui.societies.importers import SocietyImporter
from xuehui.societies.models import Society
from xuehui.tests.factories import make_federation, make_society, make_uscc

HEADER = [
    "学会名称",
    "统一社会信用代码",
    "学科类别",
    "业务主管单位",
    "挂靠单位",
    "成立日期",
    "所属科协",
]


def run_import(
    rows, *, default=None, federations=None, data=None, filename="名录.xlsx", dry_run=False
):
    importer = SocietyImporter(federations=federations, default_federation=default)
    return importer.run(
        data if data is not None else xlsx_bytes(rows), filename=filename, dry_run=dry_run
    )


def errors(run) -> list[str]:
    return [str(e) for e in run.errors]


@pytest.mark.django_db
def test_it_registers_new_societies_from_a_file_with_a_title_row_and_variants(federation):
    rows = [
        ["2024年学会名录"],
        [
            "序号",
            "学会名称*",
            "统一社会信用代码*",
            "学科分类",
            "主管单位",
            "挂靠（支撑）单位",
            "成立时间",
            "所属科协",
            "法人代表",
        ],
        [
            1,
            " 湖北省数学学会 ",
            make_uscc(101).lower(),
            "理科",
            "湖北省科协",
            "武汉大学",
            "1979.05",
            "湖北省科学技术协会",
            "张三",
        ],
        [2, "湖北省农学会", make_uscc(102), "农学", None, "无", dt.date(1980, 1, 2), "hubei", None],
    ]
    run = run_import(rows)
    assert errors(run) == []
    math = Society.objects.get(uscc=make_uscc(101))
    assert (math.name, math.category, math.host_institution) == (
        "湖北省数学学会",
        DisciplineCategory.SCIENCE,
        "武汉大学",
    )
    assert math.founded_on == dt.date(1979, 5, 1) and math.legal_representative == "张三"
    assert math.federation == federation
    farm = Society.objects.get(uscc=make_uscc(102))
    assert farm.host_institution == "" and farm.category == DisciplineCategory.AGRICULTURE
    assert run.outcome.created == ["湖北省数学学会", "湖北省农学会"]


@pytest.mark.django_db
def test_a_society_already_registered_is_updated_not_duplicated(society_a, federation):
    rows = [HEADER, [society_a.name, society_a.uscc, "医科", "湖北省卫健委", None, None, None]]
    run = run_import(rows, default=federation)
    assert errors(run) == []
    assert Society.objects.filter(uscc=society_a.uscc).count() == 1
    society_a.refresh_from_db()
    assert society_a.category == DisciplineCategory.MEDICINE
    assert society_a.supervising_authority == "湖北省卫健委"
    assert run.outcome.updated == [f"{society_a.name}（学科类别、业务主管单位）"]
    assert society_a.history.count() == 2
    again = run_import(rows, default=federation)
    assert again.outcome.unchanged == [society_a.name]


@pytest.mark.django_db
def test_a_blank_cell_and_an_absent_column_leave_stored_values_alone(society_a):
    society_a.address = "武汉市洪山区"
    society_a.save()
    run_import(
        [["学会名称", "统一社会信用代码", "办公地址"], [society_a.name, society_a.uscc, None]]
    )
    society_a.refresh_from_db()
    assert society_a.address == "武汉市洪山区"
    assert society_a.category == DisciplineCategory.ENGINEERING


@pytest.mark.django_db
def test_the_default_federation_applies_to_new_societies_without_one(federation, other_federation):
    rows = [
        HEADER,
        ["甲学会", make_uscc(201), None, None, None, None, None],
        ["乙学会", make_uscc(202), None, None, None, None, "江西省科学技术协会"],
    ]
    assert errors(run_import(rows, default=federation)) == []
    assert Society.objects.get(name="甲学会").federation == federation
    assert Society.objects.get(name="乙学会").federation == other_federation


@pytest.mark.django_db
def test_every_problem_is_listed_and_nothing_is_written(federation):
    bad_code = make_uscc(301)[:-1] + ("0" if make_uscc(301)[-1] != "0" else "1")
    future = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    rows = [
        HEADER,
        ["甲学会", bad_code, "理科", None, None, None, None],
        ["乙学会", make_uscc(302), "文科", None, None, future, None],
        ["丙学会", make_uscc(303), "工科", None, None, None, "不存在的科协"],
        ["丁学会", make_uscc(302), "工科", None, None, None, None],
        [None, make_uscc(304), "工科", None, None, None, None],
        ["戊学会", make_uscc(305), "工科", None, None, None, None],
    ]
    run = run_import(rows)
    assert errors(run) == [
        "第2行 「统一社会信用代码」：统一社会信用代码校验位不正确，请核对后重新填写",
        "第2行 「所属科协」：未填写所属科协，也未指定导入到哪个科协",
        "第3行 「学科类别」：学科类别“文科”无法识别，可填写：理科、工科、农科、医科、交叉学科",
        "第3行 「成立日期」：日期不能晚于今天",
        "第3行 「所属科协」：未填写所属科协，也未指定导入到哪个科协",
        "第4行 「所属科协」：找不到名称或代码为“不存在的科协”的科协；请改填已有科协的名称或代码，或请系统管理员先创建该科协",
        "第5行 「统一社会信用代码」：与第3行的统一社会信用代码重复",
        "第5行 「所属科协」：未填写所属科协，也未指定导入到哪个科协",
        "第6行 「学会名称」：必填项为空",
        "第6行 「所属科协」：未填写所属科协，也未指定导入到哪个科协",
        "第7行 「所属科协」：未填写所属科协，也未指定导入到哪个科协",
    ]
    assert not Society.objects.exists()


@pytest.mark.django_db
def test_a_missing_required_column_is_reported_once(federation):
    run = run_import([["学会名称", "学科类别"], ["甲", "理科"], ["乙", "工科"]], default=federation)
    assert errors(run) == ["第1行 「统一社会信用代码」：缺少必填列"]


@pytest.mark.django_db
def test_an_administrator_may_not_write_to_or_take_over_another_federations_society(
    federation, society_b
):
    rows = [
        HEADER,
        [society_b.name, society_b.uscc, None, None, None, None, None],
        ["新学会", make_uscc(401), None, None, None, None, "jiangxi"],
    ]
    run = run_import(rows, default=federation, federations=[federation])
    assert errors(run) == [
        "第2行 「统一社会信用代码」：该学会已登记在江西省科学技术协会，您无权修改",
        "第3行 「所属科协」：您无权向江西省科学技术协会导入学会",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_csv_registry_in_utf8_or_gbk_is_read(federation, encoding):
    data = csv_bytes(
        [HEADER, ["湖北省物理学会", make_uscc(501), "理科", "", "", "1978年10月", ""]],
        encoding=encoding,
    )
    assert errors(run_import(None, data=data, filename="名录.csv", default=federation)) == []
    assert Society.objects.get(uscc=make_uscc(501)).founded_on == dt.date(1978, 10, 1)


@pytest.mark.django_db
def test_the_list_export_imports_back_unchanged(federation, society_a, admin_user):
    from xuehui.societies.exporters import SocietyListExporter

    society_a.status = SocietyStatus.INACTIVE
    society_a.host_institution = ""
    society_a.phone = "027-87654321、13912345678"  # an administrator's export keeps the mobile
    society_a.save()
    societies = Society.objects.select_related("federation")
    data = SocietyListExporter(societies, user=admin_user).write_xlsx()
    run = run_import(None, data=data, default=federation)
    assert errors(run) == []
    assert run.outcome.unchanged == [society_a.name]


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(federation):
    run = run_import(
        [HEADER, ["甲学会", make_uscc(601), None, None, None, None, None]],
        default=federation,
        dry_run=True,
    )
    assert run.outcome.created == ["甲学会"]
    assert not Society.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_validating_and_writing_take_a_bounded_number_of_queries(
    federation, django_assert_max_num_queries
):
    existing = [make_society(federation=federation) for _ in range(30)]
    rows = [HEADER] + [
        [s.name + "（新）", s.uscc, "理科", None, None, None, None] for s in existing
    ]
    rows += [[f"新学会{i}", make_uscc(), "医科", None, None, None, "hubei"] for i in range(100)]
    importer = SocietyImporter(default_federation=make_federation())
    with django_assert_max_num_queries(3):
        result = importer.parse_file(xlsx_bytes(rows), filename="a.xlsx")
    assert result.ok, result.errors[:5]
    with django_assert_max_num_queries(16):
        importer.commit(result)
    assert Society.objects.count() == 130


@pytest.mark.django_db
def test_each_society_an_import_registers_or_changes_has_its_own_audit_entry(society_a, federation):
    old_authority = society_a.supervising_authority
    code = make_uscc()
    rows = [
        HEADER,
        [society_a.name, society_a.uscc, None, "湖北省卫健委", None, None, None],
        ["湖北省新学会", code, "理科", None, None, None, None],
    ]
    before = AuditEntry.objects.count()
    assert errors(run_import(rows, default=federation)) == []
    entries = {e.action: e for e in AuditEntry.objects.order_by("pk")[before:]}
    assert set(entries) == {"society_update", "society_register", "society_import"}
    update = entries["society_update"]
    assert update.society_id == society_a.pk and update.target_id == str(society_a.pk)
    assert update.detail["changes"]["supervising_authority"] == [old_authority, "湖北省卫健委"]
    new = Society.objects.get(uscc=code)
    register = entries["society_register"]
    assert register.society_id == new.pk and register.target_id == str(new.pk)
    assert register.detail["changes"]["name"] == [None, "湖北省新学会"]


@pytest.mark.django_db
def test_a_registry_grouped_by_discipline_takes_each_sections_category(federation):
    header = ["学会名称", "统一社会信用代码", "学科类别"]
    rows = [
        ["湖北省学会名录"],
        header,
        ["一、理科（2个）", None, None],
        ["湖北省数学学会", make_uscc(701), None],
        ["湖北省物理学会", make_uscc(702), "工科"],  # its own cell wins
        ["（二）医科", None, None],
        ["湖北省药学会", make_uscc(703), None],
        ["十堰市科学技术学会", make_uscc(704), None],  # 十… is a name, not section 十
    ]
    run = run_import(rows, default=federation)
    assert run.ok, errors(run)
    got = dict(Society.objects.values_list("name", "category"))
    assert got == {
        "湖北省数学学会": DisciplineCategory.SCIENCE,
        "湖北省物理学会": DisciplineCategory.ENGINEERING,
        "湖北省药学会": DisciplineCategory.MEDICINE,
        "十堰市科学技术学会": DisciplineCategory.MEDICINE,
    }
    assert any("第3、6行是分类标题行，已跳过" in w for w in run.result.warnings)


@pytest.mark.django_db
def test_a_society_not_yet_registered_is_skipped_by_name_but_a_blank_code_refuses(federation):
    header = ["学会名称", "统一社会信用代码"]
    rows = [
        header,
        ["湖北省甲学会", make_uscc(711)],
        ["湖北省筹备学会", "暂无"],
        ["湖北省乙学会", "无"],
    ]
    run = run_import(rows, default=federation)
    assert run.ok, errors(run)
    assert list(Society.objects.values_list("name", flat=True)) == ["湖北省甲学会"]
    notice = (
        "第3行「湖北省筹备学会」、第4行「湖北省乙学会」的统一社会信用代码为“无”（尚未登记），已跳过"
    )
    assert any(notice in w for w in run.result.warnings)

    blank = run_import([header, ["湖北省丙学会", make_uscc(712)], ["湖北省丁学会", None]])
    assert not blank.ok
    assert "第3行 「统一社会信用代码」：必填项为空" in errors(blank)
    assert not Society.objects.filter(name="湖北省丙学会").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "day", "precision"),
    [
        ("1981", dt.date(1981, 1, 1), DatePrecision.YEAR),
        ("2003年", dt.date(2003, 1, 1), DatePrecision.YEAR),
        (1981, dt.date(1981, 1, 1), DatePrecision.YEAR),
        ("1979.05", dt.date(1979, 5, 1), DatePrecision.MONTH),
        ("1979-05-12", dt.date(1979, 5, 12), DatePrecision.DAY),
    ],
)
def test_a_founding_date_keeps_how_much_of_it_is_known(federation, cell, day, precision):
    run = run_import(
        [HEADER, ["甲学会", make_uscc(611), None, None, None, cell, None]], default=federation
    )
    assert errors(run) == []
    society = Society.objects.get(name="甲学会")
    assert (society.founded_on, society.founded_precision) == (day, precision)


@pytest.mark.django_db
def test_a_founding_year_alone_exports_as_the_year_and_imports_back_unchanged(
    federation, admin_user
):
    from xuehui.societies.exporters import SocietyListExporter

    run_import(
        [HEADER, ["甲学会", make_uscc(612), None, None, None, "1981", None]], default=federation
    )
    societies = Society.objects.select_related("federation")
    data = SocietyListExporter(societies, user=admin_user).write_xlsx()
    again = run_import(None, data=data, default=federation)
    assert errors(again) == []
    assert again.outcome.unchanged == ["甲学会"]
    assert Society.objects.get().founded_precision == DatePrecision.YEAR
