import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from xuehui.lib.importing import (
    Column,
    Importer,
    ImportOutcome,
    ImportRefused,
    RowError,
    find_header,
    form_table,
    looks_like_data,
    parse_table,
)
from xuehui.lib.parsing import parse_bool, parse_date, parse_int

COLUMNS = (
    Column("name", "姓名", required=True),
    Column("birth", "出生年月", aliases=("出生日期",), parser=parse_date),
    Column("frontline", "一线科技工作者", aliases=("是否基层一线科技工作者",), parser=parse_bool),
    Column("offices", "学会职务", aliases=("会内职务",), required=True),
)


def test_the_header_is_found_below_title_rows_and_a_serial_column_is_ignored():
    rows = [
        ["某某学会第三届理事会成员名册", None, None, None],
        ["填报单位（盖章）：", None, None, None],
        ["序号", " 姓 名* ", "出生日期（年.月）", "会内职务"],
        [1, "张三", "1965.03", "理事"],
    ]
    result = parse_table(rows, COLUMNS)
    assert result.header_row == 3
    assert [c.key for c in result.found] == ["name", "birth", "offices"]
    assert result.warnings == []
    assert result.rows[0].number == 4
    assert result.rows[0].values == {
        "name": "张三",
        "birth": dt.date(1965, 3, 1),
        "offices": "理事",
        "frontline": None,
    }
    assert result.ok


def test_an_unknown_column_is_a_warning_not_an_error():
    result = parse_table([["姓名", "学会职务", "爱好"], ["张三", "理事", "围棋"]], COLUMNS)
    assert result.ok
    assert result.warnings == ["未识别的列「爱好」，已忽略"]


def test_a_second_column_for_the_same_field_is_ignored_with_a_warning():
    result = parse_table(
        [["姓名", "学会职务", "出生日期", "出生年月"], ["张", "理事", "1965.03", "x"]], COLUMNS
    )
    assert result.ok
    assert "「出生年月」与「出生年月」重复" in result.warnings[0]


def test_a_missing_required_column_is_reported_once_on_the_header_row():
    rows = [["标题"], ["姓名", "出生年月"], ["张三", "1965.03"], ["李四", "1966.04"]]
    result = parse_table(rows, COLUMNS)
    assert [str(e) for e in result.errors] == ["第2行 「学会职务」：缺少必填列"]
    assert not result.complete


def test_no_header_at_all_is_one_clear_error():
    result = parse_table([["a", "b"], [1, 2]], COLUMNS)
    assert result.header_row is None
    assert [str(e) for e in result.errors] == ["未找到表头：前10行中没有「姓名」「学会职务」等列名"]


def test_empty_rows_and_notes_under_the_table_are_skipped():
    rows = [
        ["序号", "姓名", "学会职务"],
        [1, "张三", "理事"],
        [2, None, None],
        [None, "  ", ""],
        [3, "李四", "监事"],
        ["注：本表由秘书处填写", None, None],
        ["填表人：王五", "联系电话：123", None],
        ["示例", "张三", "理事"],
    ]
    result = parse_table(rows, COLUMNS)
    assert [r.number for r in result.rows] == [2, 5]


def test_every_problem_is_listed_with_its_excel_row_and_column_name():
    rows = [
        ["名册"],
        ["姓名", "出生年月", "是否基层一线科技工作者", "学会职务"],
        ["张三", "1965.13", "也许", "理事"],
        [None, "1970.01", "是", None],
    ]
    result = parse_table(rows, COLUMNS)
    assert [str(e) for e in result.errors] == [
        "第3行 「出生年月」：月份13不存在",
        "第3行 「一线科技工作者」：应填写“是”或“否”，而不是“也许”",
        "第4行 「姓名」：必填项为空",
        "第4行 「学会职务」：必填项为空",
    ]
    assert result.rows[0].errors.keys() == {"birth", "frontline"}
    assert result.error_rows == 2


def test_a_sheet_name_prefixes_every_error():
    result = parse_table([["姓名", "学会职务"], ["", "理事"]], COLUMNS, sheet="理事会")
    assert [str(e) for e in result.errors] == ["「理事会」第2行 「姓名」：必填项为空"]


def test_a_parser_raising_validation_error_gives_its_message():
    def odd(value):
        raise ValidationError("不对")

    columns = (Column("a", "甲", required=True, parser=odd), Column("b", "乙"))
    result = parse_table([["甲", "乙"], ["x", "y"]], columns)
    assert [str(e) for e in result.errors] == ["第2行 「甲」：不对"]


def test_find_header_needs_two_matching_columns():
    assert find_header([["姓名", "别的"]], COLUMNS) == (None, {})


def test_row_error_formats():
    assert str(RowError(3, "姓名", "必填项为空")) == "第3行 「姓名」：必填项为空"
    assert str(RowError(3, "", "重复")) == "第3行：重复"
    assert str(RowError(0, "姓名", "缺少")) == "「姓名」：缺少"
    assert str(RowError(0, "", "文件有误", sheet="会员")) == "「会员」：文件有误"


class CountingImporter(Importer):
    """Counts rows; a duplicate name is a cross-row error."""

    columns = (Column("name", "姓名", required=True), Column("n", "数量", parser=parse_int))

    def __init__(self):
        self.written: list[str] = []
        self.validated = 0

    def validate(self, result):
        self.validated += 1
        seen = {}
        for row in result.rows:
            name = row.values["name"]
            if name in seen:
                row.add_error("name", f"与第{seen[name]}行重复")
            seen.setdefault(name, row.number)

    def write(self, result):
        outcome = ImportOutcome(noun="人")
        for row in result.rows:
            self.written.append(row.values["name"])
            outcome.created.append(row.values["name"])
        return outcome


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def test_the_write_phase_runs_only_when_there_is_no_error():
    importer = CountingImporter()
    run = importer.run(csv_bytes("姓名,数量\n张三,1\n李四,2\n张三,x\n"), filename="a.csv")
    assert not run.ok
    assert [str(e) for e in run.errors] == [
        "第4行 「姓名」：与第2行重复",
        "第4行 「数量」：“x”不是数字",
    ]
    assert run.outcome is None
    assert importer.written == []


@pytest.mark.django_db
def test_a_clean_file_is_written_and_summarised():
    importer = CountingImporter()
    run = importer.run(csv_bytes("姓名,数量\n张三,1\n李四,2\n"), filename="a.csv")
    assert run.ok
    assert importer.written == ["张三", "李四"]
    assert run.outcome.summary() == "新增2人，更新0人，未变化0人"


def test_validation_is_skipped_when_a_required_column_is_missing():
    importer = CountingImporter()
    run = importer.run(csv_bytes("名字,数量\n张三,1\n"), filename="a.csv")
    assert importer.validated == 0
    assert not run.ok


def test_commit_refuses_a_result_with_errors():
    importer = CountingImporter()
    result = importer.parse([["姓名", "数量"], ["", "1"]])
    with pytest.raises(ImportRefused) as refused:
        importer.commit(result)
    assert str(refused.value) == "第2行 「姓名」：必填项为空"


@pytest.mark.django_db
def test_a_dry_run_rolls_back_what_the_write_phase_did(federation):
    from xuehui.societies.models import Federation

    class FederationImporter(Importer):
        columns = (Column("name", "名称", required=True), Column("code", "代码", required=True))

        def write(self, result):
            for row in result.rows:
                Federation.objects.create(level="provincial", **row.values)
            return ImportOutcome(created=[r.values["name"] for r in result.rows])

    data = csv_bytes("名称,代码\n甲科协,jia\n")
    run = FederationImporter().run(data, filename="f.csv", dry_run=True)
    assert run.outcome.created == ["甲科协"]
    assert not Federation.objects.filter(code="jia").exists()
    FederationImporter().run(data, filename="f.csv")
    assert Federation.objects.filter(code="jia").exists()


@pytest.mark.django_db
def test_a_validation_error_in_the_write_phase_rolls_everything_back(federation):
    from xuehui.societies.models import Federation

    class Failing(Importer):
        columns = (Column("name", "名称", required=True), Column("code", "代码"))

        def write(self, result):
            Federation.objects.create(name="写了一半", code="half", level="provincial")
            raise ValidationError("写入时发现问题")

    run = Failing().run(csv_bytes("名称,代码\n甲,jia\n"), filename="f.csv")
    assert [str(e) for e in run.errors] == ["写入时发现问题"]
    assert not Federation.objects.filter(code="half").exists()


def test_a_file_with_a_header_and_no_rows_is_refused():
    result = CountingImporter().parse(
        [["标题"], ["姓名", "数量"], ["示例", "张三", "1"], [None, None]]
    )
    assert [str(e) for e in result.errors] == ["第2行：表头下面没有任何数据行"]


def test_a_large_table_parses_every_row():
    from xuehui.lib.parsing import parse_bool

    columns = (
        Column("name", "姓名", required=True),
        Column("birth", "出生年月", parser=parse_date),
        Column("employer", "工作单位"),
        Column("council", "是否理事", parser=parse_bool),
    )
    rows = [["会员名册"], ["序号", "姓名", "出生年月", "工作单位", "是否理事"]]
    rows += [[i, f"会员{i}", "1965.03", "武汉大学", "是"] for i in range(5_000)]
    result = parse_table(rows, columns)
    assert result.ok and len(result.rows) == 5_000


def test_signature_lines_and_numbered_notes_under_the_table_are_skipped_with_a_warning():
    note = "注：1.本表由推荐单位填写；"
    rows = [
        ["序号", "姓名", "出生年月", "学会职务"],
        [1, "张三", "1965.03", "理事"],
        [2, "李四", "1970.10", "常务理事"],
        [None, None, None, None],
        ["法定代表人（签字）：", None, "推荐单位负责人（签字）：", None],
        ["经办人：", "王五", "联系电话：", "027-87654321"],
        ["制表：", None, "（单位盖章）", None],
        [None, None, "年    月    日", None],
        [note, note, note, note],
        ["2、出生年月请填写到月，如1965.03。", None, None, None],
        ["3.职务请按章程填写", None, None, None],
        ["本表一式三份，报学会部一份。", None, None, None],
    ]
    result = parse_table(rows, COLUMNS)
    assert result.ok, result.errors
    assert [row.values["name"] for row in result.rows] == ["张三", "李四"]
    assert result.warnings == ["表格下方的说明、签字行已忽略（第5–12行）"]


def test_a_data_row_after_the_notes_is_still_read_and_checked():
    rows = [
        ["姓名", "出生年月", "学会职务"],
        ["张三", "1965.03", "理事"],
        ["注：职务按章程填写", None, None],
        ["李四", "1965.13", "理事"],
    ]
    result = parse_table(rows, COLUMNS)
    assert [row.values["name"] for row in result.rows] == ["张三", "李四"]
    assert not result.ok
    assert result.warnings == ["表格下方的说明、签字行已忽略（第3行）"]


def test_a_person_named_like_no_note_is_not_taken_for_a_footer():
    rows = [["姓名", "学会职务"], ["张三", "理事"], ["联系人", "理事"], ["王制表", "监事"]]
    result = parse_table(rows, COLUMNS)
    assert [row.values["name"] for row in result.rows] == ["张三", "联系人", "王制表"]
    assert result.warnings == []


# ---------------------------------------------------------------- forms of one person

FORM_COLUMNS = (
    Column("name", "姓名", required=True),
    Column("gender", "性别"),
    Column("birth", "出生年月"),
    Column("office", "学会职务", aliases=("拟任职务",), required=True),
)


def test_a_form_of_one_person_reads_as_a_header_and_one_row():
    rows = [
        ["拟任负责人基本情况表"],
        ["姓 名", "张三", "张三", "性别", "男", "出生年月", "1965.03"],
        ["拟任职务", "副理事长", None, "照片"],
    ]
    assert form_table(rows, FORM_COLUMNS) == [
        ["姓 名", "性别", "出生年月", "拟任职务"],
        ["张三", "男", "1965.03", "副理事长"],
    ]


@pytest.mark.parametrize(
    "rows",
    [
        # a table: the labels side by side, the values below them
        [["姓名", "性别", "出生年月", "学会职务"], ["张三", "男", "1965.03", "理事"]],
        # a list of column names down one column (填写说明)
        [
            ["列名", "说明"],
            ["姓名", "必填"],
            ["性别", "男、女"],
            ["学会职务", "必填"],
            ["出生年月", "x"],
        ],
        # labels with nothing beside them
        [["姓名", None, "性别", None], ["学会职务", None, "出生年月", None]],
    ],
)
def test_tables_and_instruction_sheets_are_no_forms(rows):
    assert form_table(rows, FORM_COLUMNS) is None


def test_looks_like_data_needs_three_rows_of_three_cells():
    assert looks_like_data([["a", "b", "c"]] * 3)
    assert not looks_like_data([["说明"], ["1. 按章程填写"], ["2. 签字"], ["a", "b", "c"]])


STREAMED = [
    ["某某学会理事会成员名册", None, None, None, None],
    ["序号", "姓名", "出生年月", "一线科技工作者", "学会职务"],
    [1, " 张三 ", dt.date(1965, 3, 1), "是", "理事"],
    [2, "李四", "1965年13月", "否", "理事"],
    [None, None, None, None, None],
    [3, "王五", 1970.0, "√", "常务理事"],
]


def _as_seen(result):
    return [(r.number, r.values, r.errors, r.cells) for r in result.rows], result.errors


def test_rows_read_as_they_come_parse_as_a_list_of_them_does():
    assert _as_seen(parse_table(iter(STREAMED), COLUMNS)) == _as_seen(
        parse_table(STREAMED, COLUMNS)
    )


def test_a_compound_header_is_split_also_when_rows_come_one_at_a_time():
    columns = (Column("employer", "工作单位"), Column("title", "职务职称"), *COLUMNS[:1])
    rows = [["姓名", "工作单位及职务"], ["张三", "武汉大学 教授"], ["李四", "华中科技大学"]]
    streamed = parse_table(iter(rows), columns)
    assert _as_seen(streamed) == _as_seen(parse_table(rows, columns))
    assert streamed.rows[0].values["title"] == "教授"


def test_the_display_text_of_a_row_is_made_only_when_asked_for():
    result = parse_table(STREAMED, COLUMNS)
    first = result.rows[0]
    assert first._cells is None  # nothing shown yet: no text made
    assert first.cell("name") == "张三" and first.cell("missing") == ""
    assert first._cells is None
    assert first.cells == {
        "name": "张三",
        "birth": "1965-03-01",
        "frontline": "是",
        "offices": "理事",
    }
    assert first.cell("birth") == "1965-03-01"
    assert result.rows[1].errors["birth"] and result.rows[1].cells["birth"] == "1965年13月"
