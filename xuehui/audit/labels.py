"""Chinese names of audit actions and record kinds, for the log page and its export.

An action is `<noun>_<verb>` by convention (`position_update`, `meeting_delete`): its name
is the verb's Chinese and the record's 中文名 (the model's verbose_name, found from the
entry's record kind or the noun), «修改职务». Actions named otherwise are listed in `NAMED`;
apps add theirs with `register` (the accounts' sign-in actions). An unknown action is
「其他操作」 on screen; its summary says what was done."""

from functools import cache

from django.apps import apps

from .chain import canonical_json

# An action no rule names (its code stays in the record and the search).
OTHER = "其他操作"
NAMED: dict[str, str] = {
    "export": "导出数据",
    "export_unmasked": "导出未脱敏个人信息",
    "unmask": "显示完整号码",
    "person_anonymise": "个人信息匿名化",
    "audit_archive": "归档审计记录",
    "audit_export": "导出审计记录",
    "annual_report_cover": "上传年度报告签章封面",
    "consortium_member_leave": "退出联合体",
    "disagreement_resolve": "裁定专家分歧",
    "entry_submit": "提交自评",
    "entry_approve": "评审通过",
    "entry_fail": "评审不通过",
    "review_start": "开始评审",
    "rectification_request": "要求整改",
    "rectification_answer": "答复整改",
    "evaluation_adjust": "调整评估结果",
    "evaluation_compute": "计算评估得分",
    "evaluation_confirm": "确认评估结果",
    "evaluation_expert_score": "专家评分",
    "evaluation_experts": "设置评估专家",
    "evaluation_objection": "提出评估异议",
    "evaluation_objection_answer": "答复评估异议",
    "evaluation_override": "改定评估结果",
    "evaluation_publicity": "评估结果公示",
    "expert_assign": "指派专家",
    "expert_unassign": "取消指派专家",
    "federation_deactivate": "停用科协",
    "file_delete": "删除文件",
    "file_store": "上传文件",
    "framework_adopt": "采用规则框架",
    "individual_members_import": "导入个人会员",
    "institutional_members_import": "导入单位会员",
    "pilot_candidacies_open": "开放试点申报",
    "pilot_candidacy_answer": "答复试点申报",
    "pilot_candidacy_decide": "决定试点入选",
    "pilot_case_publish": "发布试点案例",
    "pilot_case_save": "保存试点案例",
    "pilot_declaration": "提交试点申报",
    "pilot_guidance_add": "新增试点指导意见",
    "pilot_guidance_respond": "答复试点指导意见",
    "pilot_inspection_conclude": "完成试点检查",
    "pilot_inspection_record": "登记试点检查",
    "pilot_inspection_schedule": "安排试点检查",
    "pilot_meeting_save": "保存试点会议",
    "pilot_midterm_record": "登记试点中期评估",
    "pilot_objection_add": "提出试点异议",
    "pilot_objection_answer": "答复试点异议",
    "pilot_phases_update": "修改试点阶段",
    "pilot_points_set": "设置试点分值",
    "pilot_publicity_start": "开始试点公示",
    "pilot_result_publish": "发布试点结果",
    "pilot_scores_save": "保存试点评分",
    "pilot_summary_save": "保存试点总结",
    "pilot_summary_submit": "提交试点总结",
    "plan_create": "新建工作方案",
    "roster_import": "导入理事会名册",
    "self_assessment_accept_automatic": "采纳自动核验结果",
    "self_assessment_save": "保存自评",
    "star_apply": "申请星级",
    "subsidy_allocate": "分配资助",
    "subsidy_decide": "决定资助",
    "workbook_import": "导入信息填报工作簿",
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
    "accept": "接收",
    "launch": "发起",
}
# The keys of an entry's detail, as the export names them.
DETAIL_KEYS = {
    "user_agent": "浏览器",
    "ip": "地址",
    "reason": "理由",
    "what": "内容",
    "people": "人数",
    "rows": "行数",
    "format": "格式",
    "masked": "已脱敏",
    "changes": "变更",
    "old": "原值",
    "new": "新值",
    "username": "用户名",
    "term": "届次",
    "kind": "类别",
}


def register(labels: dict[str, str]) -> None:
    NAMED.update(labels)


def detail_text(detail: dict) -> str:
    """An entry's detail for a reader: each key by its Chinese name (or as stored), its value
    as JSON text."""
    return "；".join(
        f"{DETAIL_KEYS.get(key, key)}：{canonical_json(value)}" for key, value in detail.items()
    )


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
    if action.startswith("demo_"):  # the demo loader's records (xuehui.demo)
        return "载入演示数据"
    noun, _, verb = action.rpartition("_")
    if verb not in VERBS or not noun:
        return OTHER
    thing = _models_by_name().get(noun.replace("_", ""))
    if thing is None and target_type:
        thing = kind_label(target_type) if kind_label(target_type) != target_type else None
    return f"{VERBS[verb]}{thing}" if thing else OTHER
