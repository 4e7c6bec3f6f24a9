import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from xuehui.access import SYSTEM
from xuehui.audit.models import AuditEntry
from xuehui.governance.choices import Gender
from xuehui.lib.importing import ImportRefused
from xuehui.members.choices import MemberStatus
from xuehui.members.importers import (
    IndividualMemberImporter,
    InstitutionalMemberImporter,
    importer_for,
)
from xuehui.members.models import IndividualMember, InstitutionalMember, MembershipProfile
from xuehui.members.services import individual_member_save
from xuehui.tests.factories import make_id_number, make_uscc

from .factories import make_individual_member

pytestmark = pytest.mark.django_db

HEADER = [
    "会员编号",
    "姓名",
    "性别",
    "出生日期",
    "身份证号码",
    "工作单位",
    "一线",
    "入会日期",
    "状态",
    "离会日期",
]


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(society, rows, *, dry_run=False, importer=IndividualMemberImporter):
    return importer(society=society, actor=SYSTEM).run(
        xlsx(rows), filename="名册.xlsx", dry_run=dry_run
    )


def messages(result) -> list[str]:
    return [str(e) for e in result.errors]


def test_it_reads_a_real_register_with_a_title_row_and_loose_formats(society_a):
    number = make_id_number(dt.date(1975, 8, 9), male=False)
    rows = [
        ["湖北省环境科学学会个人会员名册（2024年）"],
        [
            "序号",
            *HEADER[:2],
            "性别 ",
            "出生年月",
            "身份证号",
            "工作单位",
            "是否一线",
            "入会时间",
            "会员状态",
            "退会日期",
        ],
        [1, "ＨＢ００１", "张  三", "男", "1980.05", "", "武汉大学", "√", "2018年5月", "", ""],
        [2, "hb002", "李四", "", "", number, "湖北省环科院", "否", 43101, "退会", "2022-03-01"],
        ["注：本表由秘书处填报"],
    ]
    result = run(society_a, rows)
    assert result.ok, messages(result)
    zhang, li = IndividualMember.objects.order_by("member_number")
    assert (zhang.member_number, zhang.name, zhang.gender) == ("HB001", "张  三", Gender.MALE)
    assert zhang.birth_date == dt.date(1980, 5, 1) and zhang.is_frontline
    assert zhang.join_date == dt.date(2018, 5, 1)
    assert li.birth_date == dt.date(1975, 8, 9) and li.gender == Gender.FEMALE
    assert li.join_date == dt.date(2018, 1, 1)  # an Excel serial number
    assert (li.status, li.left_on) == (MemberStatus.WITHDRAWN, dt.date(2022, 3, 1))
    assert MembershipProfile.objects.get(society=society_a).register_since == dt.date.today().year
    assert AuditEntry.objects.filter(action="individual_members_import").count() == 1


def test_it_names_row_column_and_reason_for_every_problem_and_writes_nothing(society_a):
    good_id = make_id_number(dt.date(1970, 1, 1))
    rows = [
        HEADER,
        ["A1", "甲", "女", "", good_id, "", "", "", "", ""],  # the ID says male
        ["A2", "乙", "", "", "420106197001011235", "", "", "", "", ""],  # bad check digit
        ["A1", "丙", "", "", "", "", "也许", "", "", ""],  # duplicate number, bad yes/no
        ["A4", "", "", "", "", "", "", "2018-01-01", "退会", ""],  # no name, no leaving date
        ["A5", "戊", "", "", "", "", "", "2020-01-01", "除名", "2019-01-01"],  # left before joining
        ["A6", "己" * 41, "", "1965", "", "", "", "", "休眠", ""],
    ]
    result = run(society_a, rows)
    assert not result.ok
    text = "\n".join(messages(result))
    assert "第2行 「性别」：性别与身份证号码不符（身份证为男）" in text
    assert "第3行 「身份证号码」：身份证号码校验位不正确" in text
    assert "第4行 「会员编号」：与第2行重复" in text
    assert "第4行 「基层一线科技工作者」：应填写“是”或“否”" in text
    assert "第5行 「姓名」：必填项为空" in text
    assert "第6行 「离会日期」：离会日期不能早于入会日期" in text
    assert "第7行 「姓名」：不能超过40个字符" in text
    assert "第7行 「出生日期」：只有年份" in text
    assert "第7行 「状态」：会员状态“休眠”无法识别" in text
    assert not IndividualMember.objects.exists()


def test_a_withdrawn_member_without_a_leaving_date_is_refused(society_a):
    result = run(society_a, [HEADER, ["A1", "甲", "", "", "", "", "", "", "退会", ""]])
    assert "第2行 「离会日期」：退会或除名的会员须填写离会日期" in messages(result)


def test_rows_on_the_register_are_updated_and_absent_columns_left_alone(society_a):
    kept = make_individual_member(
        society_a, member_number="A1", name="旧名", employer="旧单位", education="博士研究生"
    )
    rows = [["会员编号", "姓名", "工作单位"], ["a1", "新名", "新单位"], ["A2", "新会员", ""]]
    result = run(society_a, rows)
    assert result.ok, messages(result)
    assert result.outcome.summary() == "新增1名，更新1名，未变化0名"
    kept.refresh_from_db()
    assert (kept.name, kept.employer, kept.education) == ("新名", "新单位", "博士研究生")
    # the bulk writes keep the pinyin sort keys of a renamed and of a new member
    assert kept.name_initials == "xm"
    assert society_a.individual_members.get(member_number="A2").name_pinyin == "xinhuiyuan"
    again = run(society_a, rows)
    assert again.outcome.summary() == "新增0名，更新0名，未变化2名"


def test_a_row_matching_two_different_members_is_refused(society_a):
    number = make_id_number(dt.date(1980, 1, 1))
    make_individual_member(society_a, member_number="A1")
    make_individual_member(society_a, member_number="A2", id_number=number)
    rows = [["会员编号", "姓名", "身份证号码"], ["A1", "甲", number]]
    result = run(society_a, rows)
    assert "已登记在另一名会员名下" in "\n".join(messages(result))


def test_the_same_member_number_in_another_society_is_no_clash(society_a, society_b):
    make_individual_member(society_b, member_number="A1", name="别会")
    result = run(society_a, [["会员编号", "姓名"], ["A1", "本会"]])
    assert result.outcome.created == ["本会"]


def test_a_dry_run_checks_everything_and_writes_nothing(society_a):
    result = run(society_a, [["会员编号", "姓名"], ["A1", "甲"]], dry_run=True)
    assert result.ok and result.outcome.created == ["甲"]
    assert not IndividualMember.objects.exists()
    assert not MembershipProfile.objects.exists()


def test_a_missing_required_column_is_a_file_error(society_a):
    result = run(society_a, [["会员编号", "工作单位", "入会日期"], ["A1", "某单位", "2018-01-01"]])
    assert "缺少必填列" in "\n".join(messages(result))


def test_institutional_members_are_checked_by_credit_code(society_a):
    code = make_uscc(77)
    rows = [
        ["单位名称", "统一社会信用代码", "联系人", "入会日期"],
        ["甲公司", code.lower(), "王五", "2019.03"],
        ["乙公司", code[:-1] + ("0" if code[-1] != "0" else "1"), "", ""],
        ["丙公司", code, "", ""],
    ]
    result = run(society_a, rows, importer=InstitutionalMemberImporter)
    text = "\n".join(messages(result))
    assert "第3行 「统一社会信用代码」：统一社会信用代码校验位不正确" in text
    assert "第4行 「统一社会信用代码」：与第2行重复" in text
    ok = run(society_a, rows[:2], importer=InstitutionalMemberImporter)
    assert ok.ok
    member = InstitutionalMember.objects.get()
    assert (member.uscc, member.join_date) == (code, dt.date(2019, 3, 1))


def test_the_export_reimports_without_change(society_a):
    from xuehui.members.exporters import exporter_for

    individual_member_save(
        member=IndividualMember(
            society=society_a,
            member_number="E1",
            name="导出",
            id_number=make_id_number(dt.date(1990, 2, 3)),
            phone="13800001111",
            dues_paid_until=dt.date(2025, 12, 31),
        ),
        actor=SYSTEM,
    )
    make_individual_member(
        society_a, status=MemberStatus.EXPELLED, left_on=dt.date(2023, 1, 1), is_frontline=False
    )
    content = exporter_for("individual", society_a, masked=False).write_xlsx()
    result = IndividualMemberImporter(society=society_a, actor=SYSTEM).run(
        content, filename="导出.xlsx"
    )
    assert result.ok, messages(result)
    assert result.outcome.summary() == "新增0名，更新0名，未变化2名"


class TestCommand:
    def write(self, tmp_path, rows) -> str:
        path = tmp_path / "名册.xlsx"
        path.write_bytes(xlsx(rows))
        return str(path)

    def test_it_imports_and_exits_0(self, tmp_path, society_a, capsys):
        path = self.write(tmp_path, [["会员编号", "姓名"], ["A1", "甲"], ["A2", "乙"]])
        call_command("import_members", path, society=society_a.uscc)
        assert "导入完成" in capsys.readouterr().out
        assert IndividualMember.objects.count() == 2

    def test_it_exits_1_on_errors_and_writes_nothing(self, tmp_path, society_a, capsys):
        path = self.write(tmp_path, [["会员编号", "姓名"], ["A1", ""]])
        with pytest.raises(SystemExit) as exited:
            call_command("import_members", path, society=society_a.uscc)
        assert exited.value.code == 1
        assert "第2行 「姓名」：必填项为空" in capsys.readouterr().err
        assert not IndividualMember.objects.exists()

    def test_it_exits_2_for_an_unknown_society_or_an_unreadable_file(self, tmp_path, society_a):
        path = self.write(tmp_path, [["会员编号", "姓名"], ["A1", "甲"]])
        with pytest.raises(SystemExit) as exited:
            call_command("import_members", path, society="NOPE")
        assert exited.value.code == 2
        bad = tmp_path / "名册.xlsx"
        bad.write_bytes(b"\x7fELF not a spreadsheet")
        with pytest.raises(SystemExit) as exited:
            call_command("import_members", str(bad), society=society_a.uscc)
        assert exited.value.code == 2

    def test_dry_run_writes_nothing(self, tmp_path, society_a, capsys):
        path = self.write(tmp_path, [["会员编号", "单位名称"], ["D1", "甲公司"]])
        call_command(
            "import_members", path, society=society_a.uscc, kind="institutional", dry_run=True
        )
        assert "检查通过，未写入" in capsys.readouterr().out
        assert not InstitutionalMember.objects.exists()


# ---------------------------------------------------------------- rows without either key


def test_rows_without_number_or_id_are_not_duplicated_by_a_second_import(society_a):
    rows = [
        ["姓名", "出生日期", "工作单位"],
        ["甲", "1980.05", "一单位"],
        ["甲", "1990.01", "二单位"],
    ]
    assert run(society_a, rows).outcome.summary() == "新增2名，更新0名，未变化0名"
    again = run(society_a, rows)
    assert again.ok, messages(again)
    assert again.outcome.summary() == "新增0名，更新0名，未变化2名"
    changed = run(society_a, [["姓名", "出生日期", "工作单位"], ["甲", "1980.05", "新单位"]])
    assert changed.outcome.summary() == "新增0名，更新1名，未变化0名"
    assert IndividualMember.objects.filter(society=society_a).count() == 2
    assert set(IndividualMember.objects.values_list("employer", flat=True)) == {"新单位", "二单位"}


def test_keyless_rows_that_cannot_be_told_apart_are_refused_with_a_reason(society_a):
    same = [["姓名", "出生日期"], ["乙", "1980.05"], ["乙", "1980.05"]]
    result = run(society_a, same)
    assert "第3行 「姓名」：与第2行重复（未填会员编号和身份证号码时按姓名和出生日期识别）" in (
        "\n".join(messages(result))
    )
    assert not IndividualMember.objects.exists()
    make_individual_member(society_a, member_number="", name="丙", birth_date=dt.date(1980, 5, 1))
    make_individual_member(society_a, member_number="", name="丙", birth_date=dt.date(1980, 5, 1))
    result = run(society_a, [["姓名", "出生日期"], ["丙", "1980.05"]])
    assert "已登记2名无法区分的同名会员" in "\n".join(messages(result))
    assert IndividualMember.objects.count() == 2


def test_a_keyless_institution_is_matched_by_name_on_reimport(society_a):
    rows = [["单位名称", "联系人"], ["丁公司", "王五"]]
    assert run(society_a, rows, importer=InstitutionalMemberImporter).outcome.created == ["丁公司"]
    again = run(society_a, rows, importer=InstitutionalMemberImporter)
    assert again.outcome.summary() == "新增0家，更新0家，未变化1家"
    assert InstitutionalMember.objects.count() == 1


def test_every_member_written_by_an_import_has_its_own_audit_entry(society_a, society_b):
    number = make_id_number(dt.date(1980, 2, 3))
    kept = make_individual_member(society_a, member_number="A1", name="旧名", employer="旧单位")
    make_individual_member(society_a, member_number="A3", name="不变", employer="")
    before = AuditEntry.objects.count()
    rows = [
        ["会员编号", "姓名", "身份证号码", "工作单位"],
        ["A1", "新名", "", "新单位"],
        ["A2", "新会员", number, "武汉大学"],
        ["A3", "不变", "", ""],
    ]
    assert run(society_a, rows).ok
    entries = AuditEntry.objects.order_by("pk")[before:]
    rows_logged = {e.action: e for e in entries if e.detail.get("source")}
    assert set(rows_logged) == {"individual_member_update", "individual_member_create"}
    assert AuditEntry.objects.filter(action="individual_members_import").count() == 1
    update = rows_logged["individual_member_update"]
    assert update.target_id == str(kept.pk) and update.society_id == society_a.pk
    assert update.detail["changes"] == {"name": ["旧名", "新名"], "employer": ["旧单位", "新单位"]}
    created = rows_logged["individual_member_create"]
    new = IndividualMember.objects.get(member_number="A2")
    assert created.target_id == str(new.pk) and created.society_id == society_a.pk
    assert created.detail["changes"]["name"] == [None, "新会员"]
    assert created.detail["changes"]["id_number"][1] == f"{number[:3]}***********{number[-4:]}"
    assert number not in str(list(AuditEntry.objects.values_list("detail", flat=True)))
    assert created.detail["source"] == "individual_members_import"


def test_a_dry_run_import_leaves_no_row_entries(society_a):
    before = AuditEntry.objects.count()
    assert run(society_a, [["会员编号", "姓名"], ["A9", "甲"]], dry_run=True).ok
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_an_id_number_excel_stored_as_a_number_is_refused_as_the_roster_import_refuses_it(
    society_a,
):
    from xuehui.lib.identifiers import ID_AS_EXPONENT, ID_AS_NUMBER

    rows = [["姓名", "身份证号码"], ["甲", 4.20106198005121e17], ["乙", "4.20106E+17"]]
    importer = importer_for("individual", society=society_a)
    result = importer.parse(rows)
    messages = {row.number: row.errors.get("id_number") for row in result.rows}
    assert messages == {2: ID_AS_NUMBER, 3: ID_AS_EXPONENT}


def test_a_civil_affairs_register_with_its_own_headers_and_signature_lines_is_read(society_a):
    """The 民政 个人会员名册: 证件号码, 单位名称, 工作单位及职务-like cells, 最后学历, a two-digit
    birth month, a signature block under the table."""
    born = dt.date(1968, 7, 21)
    id_number = make_id_number(born, male=False)
    rows = [
        ["某某学会个人会员名册"],
        ["序号", "姓名", "性别", "出生年月", "证件号码", "单位名称", "技术职称及职务", "最后学历"],
        [1, "张三", "F", "6807", id_number, "武汉大学", "教授 院长", "博士研究生"],
        [2, "李四", "m", "1970.10\n（56岁）", None, "湖北大学", "副教授", "硕士"],
        [None] * 8,
        ["法定代表人（签字）：", None, None, None, "经办人：", None, None, None],
        ["注：1.证件号码请设为文本格式；", None, None, None, None, None, None, None],
    ]
    result = run(society_a, rows)
    assert result.ok, messages(result)
    zhang = IndividualMember.objects.get(name="张三")
    assert (zhang.gender, zhang.birth_date, zhang.id_number) == (Gender.FEMALE, born, id_number)
    assert (zhang.employer, zhang.title, zhang.education) == ("武汉大学", "教授 院长", "博士研究生")
    li = IndividualMember.objects.get(name="李四")
    assert (li.gender, li.birth_date, li.title) == (Gender.MALE, dt.date(1970, 10, 1), "副教授")
    assert "表格下方的说明、签字行已忽略（第6–7行）" in result.result.warnings


# ---------------------------------------------------------------- 一线: unknown is not 否


def test_a_register_without_the_frontline_column_stores_unknown_not_no(society_a):
    result = run(society_a, [["会员编号", "姓名"], ["F1", "甲"]])
    assert result.ok, messages(result)
    assert IndividualMember.objects.get(member_number="F1").is_frontline is None


@pytest.mark.parametrize(
    ("cell", "value", "note"),
    [
        ("", None, ""),
        ("未填", None, ""),
        ("是", True, ""),
        ("否", False, ""),
        ("是（高校教师）", True, "基层一线科技工作者：高校教师"),
        ("否(退休)", False, "基层一线科技工作者：退休"),
    ],
)
def test_the_frontline_cell_is_read_with_its_note(society_a, cell, value, note):
    result = run(society_a, [["会员编号", "姓名", "一线", "备注"], ["F1", "甲", cell, ""]])
    assert result.ok, messages(result)
    member = IndividualMember.objects.get(member_number="F1")
    assert (member.is_frontline, member.note) == (value, note)


def test_a_note_joins_the_remarks_column_and_survives_export_and_reimport(society_a):
    from xuehui.members.exporters import exporter_for

    rows = [["会员编号", "姓名", "一线", "备注"], ["F1", "甲", "是（高校教师）", "理事推荐"]]
    assert run(society_a, rows).ok
    member = IndividualMember.objects.get(member_number="F1")
    assert member.note == "理事推荐；基层一线科技工作者：高校教师"
    content = exporter_for("individual", society_a, masked=False).write_xlsx()
    again = IndividualMemberImporter(society=society_a, actor=SYSTEM).run(
        content, filename="导出.xlsx"
    )
    assert again.ok, messages(again)
    assert again.outcome.summary() == "新增0名，更新0名，未变化1名"
    member.refresh_from_db()
    assert (member.is_frontline, member.note) == (True, "理事推荐；基层一线科技工作者：高校教师")


def test_a_bracket_note_too_long_for_the_remarks_is_refused_without_a_remarks_column(society_a):
    words = "在高校从事教学科研" * 60  # 540 characters: 备注 holds 500
    rows = [["会员编号", "姓名", "一线"], ["F1", "甲", f"是（{words}）"], ["F2", "乙", "否"]]
    result = run(society_a, rows)
    assert messages(result) == [
        "第2行 「基层一线科技工作者」：括号内的说明记入备注，备注共"
        f"{len('基层一线科技工作者：' + words)}个字符，超过上限500个，请缩短括号内的说明"
    ]
    assert not IndividualMember.objects.exists()


def test_a_remark_made_too_long_by_a_bracket_note_names_both(society_a):
    rows = [
        ["会员编号", "姓名", "一线", "备注"],
        ["F1", "甲", "是（高校教师，从事教学科研三十年）", "理" * 480],
        ["F2", "乙", "否", "理" * 501],  # too long by itself: the plain message
    ]
    result = run(society_a, rows)
    length = len("理" * 480 + "；基层一线科技工作者：高校教师，从事教学科研三十年")
    assert messages(result) == [
        f"第2行 「备注」：连同「基层一线科技工作者」括号内的说明，备注共{length}个字符，超过上限500个",
        "第3行 「备注」：不能超过500个字符（现有501个）",
    ]
    assert not IndividualMember.objects.exists()


def test_an_update_without_the_column_keeps_what_was_recorded(society_a):
    assert run(society_a, [["会员编号", "姓名", "一线"], ["F1", "甲", "是（高校教师）"]]).ok
    assert run(society_a, [["会员编号", "姓名", "工作单位"], ["F1", "甲", "武汉大学"]]).ok
    member = IndividualMember.objects.get(member_number="F1")
    assert (member.is_frontline, member.note, member.employer) == (
        True,
        "基层一线科技工作者：高校教师",
        "武汉大学",
    )


def test_a_frontline_cell_that_is_no_answer_is_refused(society_a):
    result = run(society_a, [["会员编号", "姓名", "一线"], ["F1", "甲", "大概"]])
    assert not result.ok
    assert any("应填写“是”或“否”" in m for m in messages(result))
    assert not IndividualMember.objects.exists()


def test_each_row_is_checked_by_the_model_once_and_each_id_number_read_once(society_a, monkeypatch):
    """Phase one builds a row as a member once (its clean()); the write makes no second one,
    and the number's birth date and sex come from the one reading of it."""
    from xuehui.lib import identifiers

    cleaned, read = [], []
    clean, parse = IndividualMember.clean, identifiers.parse_id_number
    monkeypatch.setattr(IndividualMember, "clean", lambda self: cleaned.append(1) or clean(self))
    monkeypatch.setattr(identifiers, "parse_id_number", lambda v: read.append(v) or parse(v))
    born = dt.date(1971, 4, 5)
    rows = [
        HEADER[:5],
        *([f"M{n}", f"会员{n}", "", "", make_id_number(born, n=n)] for n in range(5)),
    ]
    rows.append(["M9", "无号", "女", "1980.02", ""])
    run_ = run(society_a, rows)
    assert run_.ok and len(run_.outcome.created) == 6
    assert len(cleaned) == 6 and len(read) == 5
    stored = IndividualMember.objects.get(member_number="M3")
    assert stored.birth_date == born and stored.gender and stored.name_pinyin == "huiyuan3"


def test_an_import_clashing_in_the_database_writes_no_member_and_no_entry(society_a):
    """A key taken after the check (another import meanwhile) is found by the bulk insert:
    nothing of the file is written, and the reason is told."""
    importer = IndividualMemberImporter(society=society_a, actor=SYSTEM)
    result = importer.parse_file(xlsx([HEADER[:2], ["Z1", "甲"], ["Z2", "乙"]]), filename="a.xlsx")
    make_individual_member(society_a, member_number="Z2", name="先到")
    before = AuditEntry.objects.count()
    with pytest.raises(ImportRefused, match="刚被他人修改"):
        importer.commit(result)
    assert list(IndividualMember.objects.values_list("name", flat=True)) == ["先到"]
    assert AuditEntry.objects.count() == before
