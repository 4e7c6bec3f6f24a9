from django.db import models


class TodoKind(models.TextChoices):
    """What a to-do asks for; the order is the order of the 工作台's groups."""

    # a society's secretariat
    SELF_ASSESS = "self_assess", "待自评"
    EVIDENCE = "evidence", "待补充材料"
    PLAN_SUBMIT = "plan_submit", "待提交方案"
    RECTIFY = "rectify", "需整改"
    TASK_PROGRESS = "task_progress", "待报任务进展"
    RECORDS = "records", "资料待完善"
    ANNUAL_REPORT = "annual_report", "年报待报送"
    TERM_DUE = "term_due", "换届临近"
    PILOT_ANSWER = "pilot_answer", "试点征求意见"
    GUIDANCE = "guidance", "指导意见待落实"
    PILOT_SUMMARY = "pilot_summary", "待报试点总结"
    # an expert
    REVIEW = "review", "待评审"
    INSPECTION = "inspection", "待验收评分"
    EVALUATION_SCORING = "evaluation_scoring", "待考评打分"
    # a 科协's administrators
    PLAN_REVIEW = "plan_review", "方案待审核"
    DISPUTE = "dispute", "意见分歧"
    OVERDUE = "overdue", "逾期"
    TERMS_OVERDUE = "terms_overdue", "届满未换届"
    PILOT_OVERDUE = "pilot_overdue", "试点逾期"
    ACCEPTANCE = "acceptance", "验收待定结论"
    OBJECTION = "objection", "公示异议待答复"
    EVALUATION_CONFIRM = "evaluation_confirm", "考评结果待确认发布"
    # anyone who uploads
    IMPORT_CONFIRM = "import_confirm", "待确认的导入"


KIND_ORDER = {kind: n for n, kind in enumerate(TodoKind)}
