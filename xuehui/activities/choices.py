from django.db import models


class ActivityKind(models.TextChoices):
    """活动类型."""

    ACADEMIC_EXCHANGE = "academic_exchange", "学术交流"
    SCIENCE_POPULARIZATION = "science_popularization", "科普"
    CONTINUING_EDUCATION = "continuing_education", "继续教育与培训"
    TALENT_RECOMMENDATION = "talent_recommendation", "人才举荐"
    SCIENCE_AWARD = "science_award", "科技奖励"
    CONSULTING = "consulting", "决策咨询与智库"
    TRANSFERRED_FUNCTION = "transferred_function", "承接政府转移职能"
    GROUP_STANDARD = "group_standard", "团体标准"
    SCIENCE_EVALUATION = "science_evaluation", "科技评估"
    TECHNICAL_SERVICE = "technical_service", "技术服务与成果转化"
    EXHIBITION = "exhibition", "会展"
    PARTY_BUILDING = "party_building", "党建"
    CONSORTIUM = "consortium", "学会联合体活动"
    INTERNATIONAL = "international", "国际交流"
    JOURNAL = "journal", "期刊出版"
    OTHER = "other", "其他"


class ActivityLevel(models.TextChoices):
    """活动级别."""

    INTERNATIONAL = "international", "国际"
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    DISTRICT = "district", "区县级"


class ActivityRole(models.TextChoices):
    """主办方式: how the society took part in the activity."""

    HOST = "host", "主办"
    ORGANIZER = "organizer", "承办"
    CO_ORGANIZER = "co_organizer", "协办"


class FourInto(models.TextChoices):
    """四进: where a science-outreach activity went (进农村、进社区、进学校、进企业)."""

    VILLAGES = "villages", "农村"
    COMMUNITIES = "communities", "社区"
    SCHOOLS = "schools", "学校"
    ENTERPRISES = "enterprises", "企业"


# The Boolean field of Activity that records each place of 四进.
FOUR_INTO_FIELDS = {
    FourInto.VILLAGES: "into_villages",
    FourInto.COMMUNITIES: "into_communities",
    FourInto.SCHOOLS: "into_schools",
    FourInto.ENTERPRISES: "into_enterprises",
}
