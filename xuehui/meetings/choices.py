from django.db import models


class MeetingKind(models.TextChoices):
    """会议类型."""

    MEMBER_CONGRESS = "member_congress", "会员（代表）大会"
    COUNCIL = "council", "理事会"
    STANDING_COUNCIL = "standing_council", "常务理事会"
    PRESIDENT_OFFICE = "president_office", "理事长办公会"
    SECRETARIAT = "secretariat", "秘书长工作会"
    SUPERVISORY_BOARD = "supervisory_board", "监事会"
    PARTY = "party", "党组织会议"


class FollowUp(models.TextChoices):
    """决议落实情况."""

    PENDING = "pending", "未落实"
    IN_PROGRESS = "in_progress", "落实中"
    DONE = "done", "已落实"
