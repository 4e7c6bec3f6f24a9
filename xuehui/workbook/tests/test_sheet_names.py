import pytest

from xuehui.workbook.book import sheet_class_for
from xuehui.workbook.sheets.organisation import StaffSheet


@pytest.mark.parametrize(
    "name", ["专职工作人员", "专职工作人员备案表", "专职工作人员名册", "专职人员名单"]
)
def test_a_tab_named_as_offices_name_it_is_recognised(name):
    assert sheet_class_for(name) is StaffSheet


def test_a_suffix_alone_names_no_sheet():
    assert sheet_class_for("备案表") is None
    assert sheet_class_for("名单") is None
