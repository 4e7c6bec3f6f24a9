import pytest

from xuehui.audit.labels import action_label, kind_label


@pytest.mark.parametrize(
    ("action", "target_type", "label"),
    [
        ("position_update", "", "修改职务"),
        ("meeting_delete", "meetings.meeting", "删除会议"),
        ("gift_create", "governance.person", "新增人员"),  # the noun unknown, the kind known
        ("export_unmasked", "", "导出未脱敏个人信息"),
        ("mystery_frobnicate", "", "其他操作"),  # its summary says what
        ("nothing_create", "", "其他操作"),
        ("login", "accounts.user", "登录"),
    ],
)
def test_actions_have_chinese_names(action, target_type, label):
    assert action_label(action, target_type) == label


def test_record_kinds_have_chinese_names():
    assert kind_label("governance.person") == "人员"
    assert kind_label("no.such") == "no.such"
    assert kind_label("") == ""


def test_the_demo_loader_and_the_remaining_verbs_have_chinese_names():
    from xuehui.audit.labels import action_label, detail_text

    assert action_label("demo_activity_load") == "载入演示数据"
    assert action_label("annual_report_cover") == "上传年度报告签章封面"
    assert action_label("campaign_launch").startswith("发起")
    assert action_label("annual_report_accept").startswith("接收")
    assert (
        detail_text({"user_agent": "Mozilla", "other_key": 1}) == '浏览器："Mozilla"；other_key：1'
    )
