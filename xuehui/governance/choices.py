from django.db import models


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"

    @classmethod
    def of(cls, is_male: bool) -> "Gender":
        return cls.MALE if is_male else cls.FEMALE

    @classmethod
    def is_male(cls, value: str) -> bool | None:
        """True, False, or None when the gender is not recorded."""
        return None if not value else value == cls.MALE


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", "中共党员"
    PROBATIONARY = "probationary", "中共预备党员"
    LEAGUE_MEMBER = "league_member", "共青团员"
    DEMOCRATIC_PARTY = "democratic_party", "民主党派"
    NON_PARTISAN = "non_partisan", "无党派人士"
    MASSES = "masses", "群众"


PARTY_STATUSES = frozenset({PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY})


class Office(models.TextChoices):
    PRESIDENT = "president", "理事长"
    VICE_PRESIDENT = "vice_president", "副理事长"
    SECRETARY_GENERAL = "secretary_general", "秘书长"
    DEPUTY_SECRETARY_GENERAL = "deputy_secretary_general", "副秘书长"
    STANDING_DIRECTOR = "standing_director", "常务理事"
    DIRECTOR = "director", "理事"
    CHIEF_SUPERVISOR = "chief_supervisor", "监事长"
    DEPUTY_CHIEF_SUPERVISOR = "deputy_chief_supervisor", "副监事长"
    SUPERVISOR = "supervisor", "监事"
    # Honorary posts: recorded and shown, never members of the council or standing council.
    HONORARY_PRESIDENT = "honorary_president", "名誉理事长"
    HONORARY_DIRECTOR = "honorary_director", "荣誉理事"
    SENIOR_ADVISER = "senior_adviser", "高级顾问"
    ADVISER = "adviser", "顾问"


HONORARY_OFFICES = frozenset(
    {Office.HONORARY_PRESIDENT, Office.HONORARY_DIRECTOR, Office.SENIOR_ADVISER, Office.ADVISER}
)


class Selection(models.TextChoices):
    """How a 秘书长 came to the post."""

    ELECTED = "elected", "选任"
    APPOINTED = "appointed", "聘任"
