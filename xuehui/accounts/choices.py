from django.db import models


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    FEDERATION_ADMIN = "federation_admin", "科协管理员"
    FEDERATION_VIEWER = "federation_viewer", "科协领导"
    SOCIETY_EDITOR = "society_editor", "学会填报员"
    EXPERT = "expert", "评审专家"


FEDERATION_ROLES = frozenset({Role.FEDERATION_ADMIN, Role.FEDERATION_VIEWER})
