from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from xuehui.lib.identifiers import mask_phone, validate_phone

from .choices import FEDERATION_ROLES, Role


class User(AbstractUser):
    """用户: an account of a 科协 staff member, a society secretary, an expert or a leader."""

    full_name = models.CharField("姓名", max_length=40, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True, validators=[validate_phone])
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)
    # When the user last chose a password (the expiry counts from it; unset: from date_joined).
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # Set when the account's personal data was removed on request (services.user_anonymise).
    anonymised_at = models.DateTimeField("匿名化时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class RoleAssignment(models.Model):
    """角色授权: a role a user holds, with the federation or society it applies to."""

    user = models.ForeignKey(
        User,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    federation = models.ForeignKey(
        "societies.Federation",
        verbose_name="科协",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name="学会",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField("授权时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            # One grant per user, role and scope. Written as conditional constraints because
            # SQLite does not support NULLS NOT DISTINCT.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(federation__isnull=True, society__isnull=True),
                name="role_assignment_unique_unscoped",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "federation"],
                condition=Q(federation__isnull=False, society__isnull=True),
                name="role_assignment_unique_federation",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "society"],
                condition=Q(federation__isnull=True, society__isnull=False),
                name="role_assignment_unique_society",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "federation", "society"],
                condition=Q(federation__isnull=False, society__isnull=False),
                name="role_assignment_unique_both",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(FEDERATION_ROLES)) | Q(federation__isnull=False),
                name="federation_role_has_federation",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.SOCIETY_EDITOR) | Q(society__isnull=False),
                name="society_role_has_society",
            ),
        ]

    def __str__(self) -> str:
        scope = self.society or self.federation or "全部"
        return f"{self.user} · {self.get_role_display()} · {scope}"

    def clean(self) -> None:
        if self.role in FEDERATION_ROLES and not self.federation_id:
            raise ValidationError({"federation": "科协管理员和科协领导须指定所属科协"})
        if self.role == Role.SOCIETY_EDITOR and not self.society_id:
            raise ValidationError({"society": "学会填报员须指定学会"})


class PasswordHistory(models.Model):
    """历史密码: the hash of a password the user chose, so the last few are not used again."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField("密码哈希", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_recent")]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class SignInSession(models.Model):
    """登录会话: a session a sign-in opened, so a password change can end the others."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="sign_in_sessions"
    )
    session_key = models.CharField("会话标识", max_length=40, unique=True)
    created_at = models.DateTimeField("登录时间", auto_now_add=True)

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
