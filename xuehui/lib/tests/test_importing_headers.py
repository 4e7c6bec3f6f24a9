"""Headers as offices write them: two levels, two columns in one, fallback names."""

from xuehui.lib.importing import Column, parse_table
from xuehui.lib.parsing import parse_bool

COLUMNS = (
    Column("name", "姓名", required=True),
    Column("education", "学历", aliases=("学历学位", "最后学历")),
    Column("phone", "联系电话", aliases=("手机",)),
    Column("office_phone", "办公电话"),
    Column("employer", "工作单位"),
    Column("title", "职务职称", aliases=("职称",), fallback_aliases=("职务", "现任职务")),
    Column("address", "通讯地址"),
    Column("offices", "学会职务", fallback_aliases=("职务", "现任职务"), required=True),
    Column("frontline", "一线", parser=parse_bool),
)


def test_a_two_level_merged_header_reads_as_one():
    rows = [
        ["理事候选人推荐汇总表"] * 7,
        ["姓名", "学历学位", "学历学位", "联系方式", "联系方式", "学会职务", "一线"],
        ["姓名", "全日制教育", "在职教育", "办公电话", "手机", "学会职务", "一线"],
        ["张三", "本科", "博士研究生", "027-87654321", "13912345678", "理事", "是（高校教师）"],
    ]
    result = parse_table(rows, COLUMNS)
    assert result.header_row == 3
    assert result.ok, result.errors
    values = result.rows[0].values
    assert (values["education"], values["office_phone"], values["phone"]) == (
        "本科",
        "027-87654321",
        "13912345678",
    )
    assert values["frontline"] is True
    assert "未识别的列「在职教育」，已忽略" in result.warnings


def test_work_unit_and_post_in_one_column_are_split_where_a_space_divides_them():
    rows = [
        ["姓名", "工作单位及职务", "通讯地址及联系电话", "学会职务"],
        ["张三", "武汉大学 教授", "武汉市珞喻路1号 13912345678", "理事"],
        ["李四", "湖北省农业科学院", "武汉市南湖大道，027-87654321", "监事"],
    ]
    result = parse_table(rows, COLUMNS)
    assert result.ok, result.errors
    first, second = (row.values for row in result.rows)
    assert (first["employer"], first["title"]) == ("武汉大学", "教授")
    assert (first["address"], first["phone"]) == ("武汉市珞喻路1号", "13912345678")
    assert (second["employer"], second["title"]) == ("湖北省农业科学院", "")
    assert (second["address"], second["phone"]) == ("武汉市南湖大道", "027-87654321")
    assert "「工作单位及职务」已拆分为「工作单位」和「职务职称」" in result.warnings


def test_a_compound_header_goes_whole_to_an_import_with_one_column_for_both():
    columns = (
        Column("name", "姓名", required=True),
        Column("title", "职务职称", aliases=("职称",)),
    )
    result = parse_table([["姓名", "技术职称及职务"], ["张三", "教授 院长"]], columns)
    assert result.rows[0].values["title"] == "教授 院长"


def test_post_means_the_society_office_only_when_no_society_office_column_is_there():
    alone = parse_table([["姓名", "职务"], ["张三", "理事长"]], COLUMNS)
    assert alone.ok and alone.rows[0].values["offices"] == "理事长"
    both = parse_table([["姓名", "现任职务", "学会职务"], ["张三", "院长", "理事"]], COLUMNS)
    assert both.rows[0].values == both.rows[0].values | {"title": "院长", "offices": "理事"}


def test_a_title_row_merged_over_the_header_does_not_make_a_two_level_header():
    rows = [["名册", "名册", "名册"], ["姓名", "学会职务", "职称"], ["张三", "理事", "教授"]]
    result = parse_table(rows, COLUMNS)
    assert result.header_row == 2
    assert [row.values["name"] for row in result.rows] == ["张三"]
