"""The parse loop remembers a column's parsed cells, and an import pauses the cyclic GC."""

import datetime as dt
import gc

import pytest

from xuehui.lib import importing
from xuehui.lib.importing import Column, Importer, parse_table, paused_gc
from xuehui.lib.parsing import parse_date, parse_text


def counting(parser):
    calls: list = []

    def parse(value):
        calls.append(value)
        return parser(value)

    return parse, calls


def table(rows):
    return [["姓名", "单位", "入会日期"], *rows]


def test_a_repeated_cell_is_parsed_once_and_keeps_one_copy():
    parse_unit, calls = counting(parse_text)
    columns = (Column("name", "姓名", required=True), Column("unit", "单位", parser=parse_unit))
    first, second = "".join(["武汉", "大学"]), "".join(["武汉", "大学"])
    assert first is not second
    result = parse_table(table([["张三", first], ["李四", second], ["王五", "三峡大学"]]), columns)
    assert [row.values["unit"] for row in result.rows] == ["武汉大学", "武汉大学", "三峡大学"]
    assert calls == [first, "三峡大学"]
    assert result.rows[1].raw[1] is first  # the second row holds the first row's cell


def test_cells_equal_across_types_are_parsed_apart():
    parse_unit, calls = counting(parse_text)
    columns = (Column("name", "姓名", required=True), Column("unit", "单位", parser=parse_unit))
    result = parse_table(table([["甲", 1], ["乙", 1.5], ["丙", True], ["丁", 1]]), columns)
    assert [row.values["unit"] for row in result.rows] == ["1", "1.5", "是", "1"]
    assert calls == [1, 1.5, True]


def test_a_refused_cell_is_parsed_again_for_each_row():
    parse, calls = counting(parse_date)
    columns = (Column("name", "姓名", required=True), Column("joined", "入会日期", parser=parse))
    result = parse_table(table([["甲", "", "某天"], ["乙", "", "某天"]]), columns)
    first, second = (row.errors.get("joined") for row in result.rows)
    assert first and first == second and len(calls) == 2


def test_a_blank_required_cell_is_an_error_on_every_row():
    columns = (Column("name", "姓名", required=True), Column("unit", "单位"))
    result = parse_table(
        table([["甲", "武汉大学"], [None, "武汉大学"], [None, "武汉大学"]]), columns
    )
    blank = {"name": "必填项为空"}
    assert [row.errors for row in result.rows] == [{}, blank, blank]


def test_a_mutable_result_is_never_shared_between_rows():
    columns = (
        Column("name", "姓名", required=True),
        Column("unit", "单位", parser=lambda value: [value]),
    )
    result = parse_table(table([["甲", "武汉大学"], ["乙", "武汉大学"]]), columns)
    first, second = (row.values["unit"] for row in result.rows)
    assert first == second and first is not second


def test_a_column_whose_cells_differ_stops_remembering(monkeypatch):
    monkeypatch.setattr(importing, "MEMO_PROBE", 4)
    parse_name, names = counting(parse_text)
    parse_unit, units = counting(parse_text)
    columns = (
        Column("name", "姓名", required=True, parser=parse_name),
        Column("unit", "单位", parser=parse_unit),
    )
    rows = [[f"人{n % 5}", "武汉大学"] for n in range(12)]
    result = parse_table(table(rows), columns)
    assert len(result.rows) == 12
    assert len(units) == 1  # a repeated column keeps remembering
    assert len(names) == 5 + 7  # after 4 rows of 4 names the name column parses every cell


def test_dates_are_remembered_by_value():
    parse, calls = counting(parse_date)
    columns = (Column("name", "姓名", required=True), Column("joined", "入会日期", parser=parse))
    day = dt.datetime(2019, 5, 1)
    result = parse_table(table([["甲", None, day], ["乙", None, dt.datetime(2019, 5, 1)]]), columns)
    assert [row.values["joined"] for row in result.rows] == [dt.date(2019, 5, 1)] * 2
    assert len(calls) == 1


class Failing(Importer):
    columns = (Column("name", "姓名", required=True), Column("unit", "单位"))

    def validate(self, result):
        assert not gc.isenabled()
        raise RuntimeError("boom")


def test_an_import_pauses_the_collector_and_restores_it_even_when_it_fails():
    data = "姓名,单位\n张三,武汉大学\n".encode()
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        Failing().run(data, filename="名册.csv")
    assert gc.isenabled()


def test_a_paused_collector_stays_paused_when_it_was_off_before():
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
