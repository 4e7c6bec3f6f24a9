import pytest

from xuehui.audit.labels import action_label, kind_label


@pytest.mark.parametrize(
    ("action", "target_type", "label"),
    [
        ("position_update", "", "修改职务"),
        ("meeting_delete", "meetings.meeting", "删除会议"),
        ("gift_create", "governance.person", "新增人员"),  # the noun unknown, the kind known
        ("export_unmasked", "", "导出未脱敏个人信息"),
        ("mystery_frobnicate", "", "mystery_frobnicate"),
        ("nothing_create", "", "nothing_create"),
        ("login", "accounts.user", "登录"),
    ],
)
def test_actions_have_chinese_names(action, target_type, label):
    assert action_label(action, target_type) == label


def test_record_kinds_have_chinese_names():
    assert kind_label("governance.person") == "人员"
    assert kind_label("no.such") == "no.such"
    assert kind_label("") == ""
