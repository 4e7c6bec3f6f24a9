from django.db import models


class RuleKind(models.TextChoices):
    """制度类型: the kinds of rule document the policy documents name."""

    CHARTER = "charter", "章程"
    PROCEDURE = "procedure", "议事规则"
    MEETINGS = "meetings", "会议制度"
    FINANCE = "finance", "财务制度"
    PERSONNEL = "personnel", "人事制度"
    ARCHIVES = "archives", "档案制度"
    SUPERVISION = "supervision", "监督制度"
    DISCLOSURE = "disclosure", "信息公开制度"
    MAJOR_DECISIONS = "major_decisions", "重大事项决策制度（三重一大）"
    MAJOR_MATTERS_REPORTING = "major_matters_reporting", "重大事项报告备案制度"
    BRANCH_MANAGEMENT = "branch_management", "分支机构管理办法"
    MEMBER_MANAGEMENT = "member_management", "会员管理办法"
    PART_TIME_STAFF = "part_time_staff", "兼职人员管理办法"
    STAFF_CONDUCT = "staff_conduct", "工作人员行为规范"
    SOCIAL_SERVICE_CONDUCT = "social_service_conduct", "社会服务行为规则"
    SECRETARY_GENERAL_DUTIES = "secretary_general_duties", "秘书长岗位职责"
    PARTY_WORK = "party_work", "党组织工作制度"
    SUPERVISORY_BOARD = "supervisory_board", "监事会工作规范"
    COUNCIL_DUTIES = "council_duties", "理事会工作职责"
    PUBLICITY_PLATFORMS = "publicity_platforms", "宣传平台管理制度"
    JOURNALS = "journals", "期刊管理制度"
    OTHER = "other", "其他"
