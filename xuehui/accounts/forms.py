"""The sign-in and password forms, and the user management forms, in Chinese and styled."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from xuehui.access import can_grant, federations_administered, scope_for, societies_editable
from xuehui.lib.identifiers import mask_phone
from xuehui.lib.record_forms import keep_stored_values
from xuehui.lib.spreadsheet_field import SpreadsheetField
from xuehui.societies.models import Federation

from .choices import FEDERATION_ROLES, Role
from .models import User
from .services import password_change


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        select = isinstance(field.widget, forms.Select)
        field.widget.attrs.setdefault("class", "form-select" if select else "form-control")


def _style_small(form: forms.BaseForm) -> None:
    """Compact controls for a filter bar."""
    for field in form.fields.values():
        small = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", f"{small} {small}-sm")


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确（区分大小写），请重新输入。",
        "inactive": "该账号已停用，请联系科协管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].error_messages["required"] = "请输入用户名"
        self.fields["password"].error_messages["required"] = "请输入密码"
        _style(self)

    def clean(self):
        """A disabled account is told so — only to someone who knows its password, so the
        message reveals nothing to a guesser."""
        try:
            return super().clean()
        except ValidationError as error:
            username = self.cleaned_data.get("username")
            password = self.cleaned_data.get("password")
            account = User.objects.filter(username=username).first() if username else None
            if account and not account.is_active and password and account.check_password(password):
                raise ValidationError(self.error_messages["inactive"], code="inactive") from None
            raise error


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, *args, session_key: str | None = None, **kwargs):
        self.session_key = session_key  # the session making the change; the others end
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"
        _style(self)

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and password == self.cleaned_data.get("old_password"):
            raise ValidationError("新密码不能与原密码相同")
        return password

    def save(self, commit=True):
        """Through the service: it also lifts the duty to change an initial password."""
        return password_change(
            user=self.user,
            password=self.cleaned_data["new_password1"],
            keep_session=self.session_key,
        )


class SecondFactorForm(forms.Form):
    """A code from the authenticator app (or, at sign-in, a recovery code)."""

    token = forms.CharField(
        label="验证码",
        max_length=16,
        error_messages={"required": "请输入验证码"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


# ---------------------------------------------------------------- user management


def grantable_roles(actor) -> list[tuple[str, str]]:
    """The roles the actor may hand out: every role for a system administrator, all but
    system administrator for a 科协 administrator."""
    if scope_for(actor).is_system_admin:
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value != Role.SYSTEM_ADMIN]


class RoleFieldsMixin:
    """A role with its scope (科协 or 学会), limited to what the actor may grant."""

    def _add_role_fields(self, actor) -> None:
        self.actor = actor
        self.fields["role"] = forms.ChoiceField(label="角色", choices=grantable_roles(actor))
        self.fields["federation"] = forms.ModelChoiceField(
            label="所属科协",
            queryset=federations_administered(actor).filter(is_active=True).order_by("name"),
            required=False,
            help_text="科协管理员、科协领导必选；评审专家可选",
        )
        self.fields["society"] = forms.ModelChoiceField(
            label="学会",
            queryset=societies_editable(actor).order_by("name"),
            required=False,
            help_text="学会填报员必选",
        )

    def _clean_role(self, cleaned: dict) -> dict:
        role = cleaned.get("role")
        federation, society = cleaned.get("federation"), cleaned.get("society")
        if role in FEDERATION_ROLES and federation is None:
            self.add_error("federation", f"{Role(role).label}须选择所属科协")
        elif role == Role.SOCIETY_EDITOR and society is None:
            self.add_error("society", "学会填报员须选择学会")
        elif role == Role.EXPERT and not scope_for(self.actor).is_system_admin and not federation:
            self.add_error("federation", "请选择聘请该专家的科协")
        elif role and not can_grant(
            self.actor,
            role=role,
            federation=federation if role != Role.SOCIETY_EDITOR else None,
            society=society if role == Role.SOCIETY_EDITOR else None,
        ):
            raise ValidationError("您只能授予本科协及下级科协范围内的角色")
        return cleaned

    def role_triple(self) -> tuple:
        data = self.cleaned_data
        return data["role"], data.get("federation"), data.get("society")


class UserCreateForm(RoleFieldsMixin, forms.Form):
    username = forms.CharField(
        label="用户名", max_length=150, validators=[UnicodeUsernameValidator()]
    )
    full_name = forms.CharField(label="姓名", max_length=40, required=False)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_role_fields(actor)
        self.fields["username"].error_messages["invalid"] = (
            "用户名只能包含字母、数字、汉字和 @ . + - _ 符号"
        )
        _style(self)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("该用户名已被使用")
        return username

    def clean(self):
        return self._clean_role(super().clean())


class UserEditForm(forms.Form):
    """Name, phone and e-mail (a plain form: the service compares against the stored account)."""

    full_name = forms.CharField(label="姓名", max_length=40, required=False)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        keep_stored_values(self, {"phone": mask_phone}, self.initial)


class RoleGrantForm(RoleFieldsMixin, forms.Form):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_role_fields(actor)
        _style(self)

    def clean(self):
        return self._clean_role(super().clean())


class UserFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    role = forms.ChoiceField(
        label="角色", required=False, choices=[("", "全部角色"), *Role.choices]
    )
    federation = forms.ModelChoiceField(
        label="科协", required=False, queryset=Federation.objects.none(), empty_label="全部科协"
    )
    active = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), ("yes", "启用"), ("no", "停用"), ("must_change", "待修改初始密码")],
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["federation"].queryset = federations_administered(actor).order_by("name")
        self.fields["q"].widget.attrs["placeholder"] = "用户名、姓名、电子邮箱或学会"
        _style_small(self)


class UserImportForm(forms.Form):
    file = SpreadsheetField(label="账号文件", help_text="Excel（.xlsx、.xls）或CSV文件")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class AuditFilterForm(forms.Form):
    """The log's search: who, what action, which kind of record, which society, when."""

    KINDS = [
        ("signin", "登录日志"),
        ("accounts", "账号与权限"),
        ("personal", "个人信息"),
        ("all", "全部操作"),
    ]

    kind = forms.ChoiceField(label="类别", choices=KINDS, required=False)
    action = forms.ChoiceField(label="操作", required=False)
    target_type = forms.ChoiceField(label="记录类型", required=False)
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    society = forms.CharField(label="学会", required=False, max_length=100)
    q = forms.CharField(label="搜索", required=False, max_length=200)
    since = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actions=(), kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部"), *actions]
        self.fields["target_type"].choices = [("", "全部"), *kinds]
        self.fields["actor"].widget.attrs["placeholder"] = "用户名或姓名"
        self.fields["society"].widget.attrs["placeholder"] = "学会名称"
        self.fields["q"].widget.attrs["placeholder"] = "用户名或摘要"
        _style_small(self)
