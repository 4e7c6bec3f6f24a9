"""Chinese names of audit actions and record kinds, for the log page and its export.

An action is `<noun>_<verb>` by convention (`position_update`, `meeting_delete`): its name
is the verb's Chinese and the record's 中文名 (the model's verbose_name, found from the
entry's record kind or the noun), «修改职务». Actions named otherwise are listed in `NAMED`;
apps add theirs with `register` (the accounts' sign-in actions). An unknown action keeps
its code, so nothing is hidden."""

from functools import cache

from django.apps import apps

NAMED: dict[str, str] = {
    "export_unmasked": "导出未脱敏个人信息",
    "unmask": "显示完整号码",
    "person_anonymise": "个人信息匿名化",
    "audit_archive": "归档审计记录",
    "audit_export": "导出审计记录",
}
VERBS = {
    "create": "新增",
    "add": "新增",
    "update": "修改",
    "save": "保存",
    "delete": "删除",
    "remove": "删除",
    "import": "导入",
    "export": "导出",
    "load": "载入",
    "submit": "提交",
    "withdraw": "撤回",
    "approve": "通过",
    "return": "退回",
    "returned": "退回",
    "publish": "发布",
    "open": "开启",
    "close": "关闭",
    "end": "结束",
    "start": "开始",
    "assign": "指派",
    "unassign": "取消指派",
    "decide": "决定",
    "answer": "回复",
    "reply": "回复",
    "respond": "答复",
    "resolve": "办结",
    "record": "登记",
    "register": "登记",
    "score": "评分",
    "schedule": "安排",
    "revert": "撤销",
    "urge": "督办",
    "store": "保存",
    "refresh": "刷新",
    "set": "设置",
    "reactivate": "恢复",
}


def register(labels: dict[str, str]) -> None:
    NAMED.update(labels)


@cache
def _models_by_name() -> dict[str, str]:
    return {
        model._meta.model_name: str(model._meta.verbose_name)
        for model in apps.get_models()
        if model._meta.model_name
    }


def kind_label(target_type: str) -> str:
    """The Chinese name of a record kind (`app.model`), or the code if unknown."""
    if not target_type:
        return ""
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


def action_label(action: str, target_type: str = "") -> str:
    if action in NAMED:
        return NAMED[action]
    noun, _, verb = action.rpartition("_")
    if verb not in VERBS or not noun:
        return action
    thing = _models_by_name().get(noun.replace("_", ""))
    if thing is None and target_type:
        thing = kind_label(target_type) if kind_label(target_type) != target_type else None
    return f"{VERBS[verb]}{thing}" if thing else action
