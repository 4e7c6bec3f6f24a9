from django.db import models


class PartyOrganisationForm(models.TextChoices):
    """党组织形式."""

    COMMITTEE = "committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"
    GROUP = "group", "党小组"
    LIAISON = "liaison", "党建工作联络员"
