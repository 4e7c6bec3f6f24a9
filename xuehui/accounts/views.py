"""Sign-in and password pages, the lockout page, user management, the bulk import of
accounts with its one-time password file, and the sign-in and operations log."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from xuehui.access import assignment_for, scope_for, user_for, users_manageable
from xuehui.audit.exporters import AuditLogExporter
from xuehui.audit.forms import ReasonForm
from xuehui.audit.services import audit_record
from xuehui.files.forms import upload_within_quota
from xuehui.imports.background import import_job, in_background, report_response
from xuehui.imports.blanks import COMMON_NOTES, Blank
from xuehui.imports.claims import answers_claimed
from xuehui.imports.pending import pending_discard, pending_get, pending_run, pending_store
from xuehui.jobs.selectors import job_for
from xuehui.lib.constraints import constraint_errors
from xuehui.lib.excel import SpreadsheetError
from xuehui.lib.export import XLSX_CONTENT_TYPE, download_response
from xuehui.lib.htmx import render_page
from xuehui.lib.record_forms import run_service
from xuehui.submissions.once import submit_once

from . import lockout, passwords, secondfactor, selectors, services, sessions
from .choices import AccountAction, Role
from .forms import (
    AuditFilterForm,
    LoginForm,
    PasswordChangeForm,
    RoleGrantForm,
    SecondFactorForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
    UserImportForm,
)
from .importers import COLUMNS, IMPORT_KIND, PasswordFile, PasswordLine, UserImporter
from .passwordfiles import (
    password_file_adopt,
    password_file_info,
    password_file_store,
    password_file_take,
)

USERS_BLANK = Blank(
    "账号导入",
    COLUMNS,
    (
        *COMMON_NOTES,
        "一人一行；已存在的用户名会被加上该行的角色，其姓名、手机号码、电子邮箱按文件更新，密码不变。",
        "新账号的初始密码由系统随机生成，导入后以文件形式下载一次；用户首次登录须修改密码。",
    ),
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if lockout.address_blocked(request):
            context = {"address_blocked": True, "cooloff_minutes": 60}
            return render(request, "accounts/lockout.html", context, status=429)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password. Every other session of the user ends; this one carries on
    (Django's update_session_auth_hash gives it a new key, noted in place of the old)."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("dashboard:home")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session_key": self.request.session.session_key}

    def get_context_data(self, **kwargs):
        expired = bool(self.request.session.get(passwords.PASSWORD_EXPIRED))
        days = passwords.password_max_age_days(self.request.user)
        return super().get_context_data(**kwargs, password_expired=expired, max_age_days=days)

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)
        sessions.moved(old_key, self.request.session)
        self.request.session.pop(passwords.PASSWORD_EXPIRED, None)
        messages.success(self.request, "密码已修改，您在其他设备上的登录已全部退出。")
        return response


# ---------------------------------------------------------------- second factor


@login_required
def second_factor(request):
    """The user's second factor: its state, or setting up an authenticator (QR code, key,
    a code to confirm); the recovery codes are shown once, on the confirming answer."""
    user = request.user
    if secondfactor.enrolled(user):
        context = {
            "enrolled": True,
            "codes_left": secondfactor.recovery_codes_left(user),
            "required": secondfactor.required_for(user),
        }
        return render(request, "accounts/second_factor.html", context)
    device = secondfactor.pending_device(user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = secondfactor.second_factor_confirm(
            user=user, device=device, token=form.cleaned_data["token"], request=request
        )
        if codes:
            response = render(request, "accounts/second_factor_codes.html", {"codes": codes})
            response["Cache-Control"] = "no-store"
            return response
        form.add_error("token", "验证码不正确或已过期，请用手机上当前显示的6位数字重试")
    context = {
        "form": form,
        "qr_svg": secondfactor.qr_svg(device),
        "secret": secondfactor.secret_text(device),
        "required": bool(request.session.get(secondfactor.ENROL)),
    }
    response = render(request, "accounts/second_factor.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def second_factor_verify(request):
    """After the password: the code from the authenticator, or a recovery code."""
    if not request.session.get(secondfactor.PENDING):
        return redirect("dashboard:home")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if secondfactor.second_factor_verify(request=request, token=form.cleaned_data["token"]):
            target = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                target = reverse("dashboard:home")
            return redirect(target)
        form.add_error("token", "验证码不正确，请重新输入（多次输错后须等待片刻再试）")
    context = {"form": form, "next": request.GET.get("next") or request.POST.get("next", "")}
    return render(request, "accounts/second_factor_verify.html", context)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes calls this when a username is locked: the page says why and for how long."""
    cool_off = lockout.cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cool_off.total_seconds() // 60),
    }
    return render(request, "accounts/lockout.html", context, status=429)


# ---------------------------------------------------------------- user management

PER_PAGE = 50


def require_user_admin(user) -> None:
    """User management is for system administrators and 科协 administrators."""
    if not scope_for(user).is_federation_staff:
        raise PermissionDenied("只有系统管理员和科协管理员可以管理用户")


def _page(request, items):
    return Paginator(items, PER_PAGE).get_page(request.GET.get("page"))


@login_required
@require_GET
def user_list(request):
    require_user_admin(request.user)
    form = UserFilterForm(request.GET or None, actor=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    users = selectors.user_list(request.user, **{k: v for k, v in filters.items() if v})
    context = {"form": form, "page": _page(request, users)}
    return render_page(request, "accounts/user_list.html", "accounts/_user_results.html", context)


@login_required
@submit_once
def user_create(request):
    require_user_admin(request.user)
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with constraint_errors():
                user, password = services.user_create(
                    actor=request.user,
                    username=data["username"],
                    full_name=data["full_name"],
                    email=data["email"],
                    phone=data["phone"],
                    roles=[form.role_triple()],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            token = _password_file(request, [(user, password)], f"新账号 {user.username}")
            messages.success(request, f"账号 {user.username} 已创建，请下载初始密码文件")
            return redirect("accounts:password_file", token)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
@require_GET
def user_detail(request, pk: int):
    account = user_for(request.user, pk)
    context = {
        "account": selectors.user_with_roles(account),
        "can_manage": users_manageable(request.user).filter(pk=account.pk).exists(),
        "grant_form": RoleGrantForm(actor=request.user),
        "log": selectors.user_log(request.user, account),
        "labels": dict(AccountAction.choices),
        "locks": list(lockout.locked_attempts([account.username])),
        "second_factor": secondfactor.enrolled(account),
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
@require_POST
def user_unlock(request, pk: int):
    """Lift every sign-in lock of the account (all addresses), with an audit entry."""
    account = user_for(request.user, pk, edit=True)
    count = services.user_unlock(user=account, actor=request.user)
    messages.success(request, f"已解除 {account.username} 的登录锁定（{count}条记录）")
    return redirect("accounts:user_detail", account.pk)


@login_required
@require_POST
def user_second_factor_reset(request, pk: int):
    """Remove another user's authenticator and recovery codes (a lost phone), audited."""
    account = user_for(request.user, pk, edit=True)
    secondfactor.second_factor_reset(user=account, actor=request.user)
    messages.success(request, f"已重置 {account.username} 的二次验证，其下次登录时可重新设置")
    return redirect("accounts:user_detail", account.pk)


@login_required
def user_unmask(request, pk: int):
    """The account's full phone number after a reason, audited, shown once and never cached."""
    account = user_for(request.user, pk, edit=True)
    form = ReasonForm(request.POST or None)
    shown: dict = {}
    run_service(
        form,
        lambda: shown.update(
            services.user_unmask(
                user=account, actor=request.user, reason=form.cleaned_data["reason"]
            )
        ),
    )
    context = {"account": account, "form": form, "phone": shown.get("phone")}
    response = render(request, "accounts/user_unmask.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def user_anonymise(request, pk: int):
    """An administrator who manages the account removes its personal data on request."""
    account = user_for(request.user, pk, edit=True)
    form = ReasonForm(request.POST or None)
    if run_service(
        form,
        lambda: services.user_anonymise(
            user=account, actor=request.user, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, f"已对账号{account.pk}的个人信息做匿名化处理，账号已停用")
        return redirect("accounts:user_detail", account.pk)
    return render(request, "accounts/user_anonymise.html", {"account": account, "form": form})


@login_required
def user_edit(request, pk: int):
    account = user_for(request.user, pk, edit=True)
    if account.anonymised_at is not None:
        messages.error(request, "该账号的个人信息已匿名化，不能再修改")
        return redirect("accounts:user_detail", account.pk)
    initial = {"full_name": account.full_name, "phone": account.phone, "email": account.email}
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in initial}
        services.user_update(user=account, actor=request.user, **data)
        messages.success(request, "账号信息已保存")
        return redirect("accounts:user_detail", account.pk)
    return render(request, "accounts/user_edit.html", {"form": form, "account": account})


@login_required
@require_POST
def user_deactivate(request, pk: int):
    account = user_for(request.user, pk, edit=True)
    try:
        services.user_deactivate(user=account, actor=request.user)
        messages.success(request, f"账号 {account.username} 已停用")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("accounts:user_detail", account.pk)


@login_required
@require_POST
def user_reactivate(request, pk: int):
    account = user_for(request.user, pk, edit=True)
    try:
        services.user_reactivate(user=account, actor=request.user)
        messages.success(request, f"账号 {account.username} 已启用")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("accounts:user_detail", account.pk)


@login_required
@require_POST
def user_password_reset(request, pk: int):
    account = user_for(request.user, pk, edit=True)
    password = services.password_reset(user=account, actor=request.user)
    token = _password_file(request, [(account, password)], f"重置 {account.username} 的密码")
    messages.success(request, f"已为 {account.username} 生成新的初始密码，请下载密码文件")
    return redirect("accounts:password_file", token)


@login_required
@require_POST
def role_grant(request, pk: int):
    account = user_for(request.user, pk)
    form = RoleGrantForm(request.POST, actor=request.user)
    if form.is_valid():
        role, federation, society = form.role_triple()
        services.role_grant(
            user=account, role=role, federation=federation, society=society, actor=request.user
        )
        messages.success(request, f"已授予{Role(role).label}角色")
    else:
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, "未能授予角色：" + "；".join(errors))
    return redirect("accounts:user_detail", account.pk)


@login_required
@require_POST
def role_revoke(request, pk: int):
    assignment = assignment_for(request.user, pk)
    try:
        services.role_revoke(assignment=assignment, actor=request.user)
        messages.success(request, f"已撤销：{assignment}")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("accounts:user_detail", assignment.user_id)


def _password_file(request, pairs, title: str) -> str:
    lines = [
        PasswordLine(
            username=user.username,
            full_name=user.full_name,
            role="、".join(a.get_role_display() for a in user.role_assignments.all()),
            scope="、".join(
                str(a.society or a.federation or "") for a in user.role_assignments.all()
            ),
            password=password,
        )
        for user, password in pairs
    ]
    data = PasswordFile(lines).write_xlsx()
    return password_file_store(request, data=data, count=len(lines), title=title)


@login_required
def password_file(request, token: str):
    """GET: the page with the button; POST: the file, once, then it is gone."""
    info = password_file_info(request, token)
    if request.method != "POST":
        return render(request, "accounts/password_file.html", {"info": info, "token": token})
    data = password_file_take(request, token)
    audit_record(
        actor=request.user,
        action=AccountAction.PASSWORD_FILE_DOWNLOAD,
        summary=f"下载初始密码文件：{info['title']}（{info['count']}个账号）",
    )
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "初始密码.xlsx")
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- bulk import of accounts


def _pending(request, token: str):
    require_user_admin(request.user)
    pending = pending_get(request, token)
    if pending.kind != IMPORT_KIND:
        raise Http404("未找到该导入")
    return pending


@login_required
def users_import(request):
    require_user_admin(request.user)
    form = UserImportForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and upload_within_quota(form, user=request.user)
    ):
        pending = pending_store(
            request, kind=IMPORT_KIND, upload=form.cleaned_data["file"], params={}
        )
        return redirect("accounts:users_import_preview", pending.token)
    return render(request, "accounts/users_import.html", {"form": form, "columns": COLUMNS})


@login_required
@require_GET
def users_import_template(request):
    require_user_admin(request.user)
    response = HttpResponse(USERS_BLANK.write(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, USERS_BLANK.filename)
    return response


IMPORT_TARGET = {
    "title": "批量导入用户",
    "back_url": reverse_lazy("accounts:user_list"),
    "back_label": "用户管理",
    "start_url": reverse_lazy("accounts:users_import"),
}


def _background(request, pending, *, write: bool):
    """A large account list is checked and imported by a task (xuehui.imports.background)."""
    links = {key: str(IMPORT_TARGET[key]) for key in ("back_url", "back_label", "start_url")}
    job = import_job(pending, write=write, links=links, preview_url=request.path)
    return report_response(
        request,
        job,
        pending=pending,
        target=IMPORT_TARGET,
        confirm_url=reverse("accounts:users_import_confirm", args=[pending.token]),
        cancel_url=reverse("accounts:users_import_cancel", args=[pending.token]),
        failure_url=reverse("accounts:users_import"),
    )


@login_required
@require_GET
@answers_claimed
def users_import_preview(request, token: str):
    pending = _pending(request, token)
    if in_background(pending):
        return _background(request, pending, write=False)
    try:
        run = pending_run(pending, UserImporter(actor=request.user), dry_run=True)
    except SpreadsheetError as error:
        pending_discard(request, pending)
        messages.error(request, str(error))
        return redirect("accounts:users_import")
    context = {"pending": pending, "run": run, "result": run.result}
    return render(request, "accounts/users_import_preview.html", context)


@login_required
@require_POST
@answers_claimed
def users_import_confirm(request, token: str):
    pending = _pending(request, token)
    if in_background(pending):
        return _background(request, pending, write=True)
    importer = UserImporter(actor=request.user)
    try:
        run = pending_run(pending, importer, dry_run=False)
    except SpreadsheetError as error:
        pending_discard(request, pending)
        messages.error(request, str(error))
        return redirect("accounts:users_import")
    context = {"pending": pending, "run": run, "result": run.result}
    if not run.ok:
        return render(request, "accounts/users_import_preview.html", context, status=422)
    pending_discard(request, pending)
    messages.success(request, f"导入完成：{run.outcome.summary()}")
    if not importer.password_lines:
        return redirect("accounts:user_list")
    data = importer.password_file()
    count = len(importer.password_lines)
    token = password_file_store(
        request, data=data, count=count, title=f"批量导入（{pending.filename}）"
    )
    return redirect("accounts:password_file", token)


@login_required
@require_GET
def users_import_passwords(request, pk: int):
    """The password file of a background import, handed to this session for one download."""
    require_user_admin(request.user)
    job = job_for(request.user, pk)
    info = job.result.get("password_file")
    if not info:
        raise Http404("该密码文件已领取或已失效")
    token = password_file_adopt(request, **info)
    job.result = {key: value for key, value in job.result.items() if key != "password_file"}
    job.result.pop("follow_up", None)
    job.save(update_fields=["result"])
    return redirect("accounts:password_file", token)


@login_required
@require_POST
def users_import_cancel(request, token: str):
    pending = _pending(request, token)
    pending_discard(request, pending)
    messages.info(request, "已取消导入，上传的文件已删除")
    return redirect("accounts:users_import")


# ---------------------------------------------------------------- the log


def _audit_filters(request) -> tuple[AuditFilterForm, dict]:
    actions, kinds = selectors.audit_choices()
    form = AuditFilterForm(request.GET or None, actions=actions, kinds=kinds)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {k: v for k, v in filters.items() if v}
    if "actor" in filters:
        filters["actor_name"] = filters.pop("actor")
    filters.setdefault("kind", "signin")
    return form, filters


@login_required
@require_GET
def audit_log_export(request):
    """The entries the administrator searched, as an xlsx; the export is itself audited."""
    require_user_admin(request.user)
    form, filters = _audit_filters(request)
    entries = selectors.audit_log(request.user, **filters)
    exporter = AuditLogExporter(entries.iterator(chunk_size=2000))
    data = exporter.write_xlsx()
    audit_record(
        actor=request.user,
        action="audit_export",
        summary=f"导出审计记录（{exporter.written}行）",
        detail={**{k: str(v) for k, v in filters.items()}, "rows": exporter.written},
    )
    return download_response(data, f"审计记录-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_GET
def audit_log(request):
    require_user_admin(request.user)
    form, filters = _audit_filters(request)
    entries = selectors.audit_log(request.user, **filters)
    context = {
        "form": form,
        "page": _page(request, entries),
        "kind": filters["kind"],
        "export_query": request.GET.urlencode(),
    }
    return render_page(request, "accounts/audit_log.html", "accounts/_log_results.html", context)
