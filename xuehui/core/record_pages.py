"""Add, edit and delete pages of a society's records, shared by the record apps (members,
secretariat, party, branches, regulations, meetings, activities, finances): each page gets the
object through the access layer, binds the app's form, calls one service and redirects.

`service_save` and `delete_page` are the steps every such page takes; `RecordPages` puts them
together for a record kept on a tab of the society page:

    staff_pages = RecordPages(
        model=StaffMember, form_class=StaffMemberForm, noun="专职工作人员",
        save=staff_member_save, delete=staff_member_delete,
        object_arg="staff", list_url="secretariat:society", tab="secretariat",
    )
    path("society/<int:society_pk>/staff/new/", staff_pages.create_view, name="staff_create")
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from xuehui.access import society_for, society_object_for
from xuehui.lib.constraints import constraint_errors
from xuehui.lib.record_forms import add_service_errors
from xuehui.submissions.once import submit_once

from .pages import society_page_context

FORM_TEMPLATE = "core/record_form.html"
DELETE_TEMPLATE = "core/record_confirm_delete.html"


def service_save(request, form, save: Callable, done: Callable[..., str]):
    """Call `save`; its ValidationError goes on the form (None), else `done(saved)` is said.

    A unique key the database refuses (a request that saved the same first) is a form error too.
    """
    try:
        with constraint_errors():
            saved = save()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, done(saved))
    return saved


def record_title(noun: str, obj=None) -> str:
    """新增会议 / 修改会议：第三届理事会第二次会议."""
    return f"修改{noun}：{obj}" if obj is not None else f"新增{noun}"


def form_page(request, society, tab: str, form, title: str, back_url: str, **extra):
    """The add or edit page of a record, in the records' one form template."""
    context = society_page_context(
        request, society, tab, form=form, title=title, back_url=back_url, **extra
    )
    return render(request, FORM_TEMPLATE, context)


def delete_page(
    request,
    obj,
    *,
    society,
    tab: str,
    delete: Callable,
    done: Callable[[], str],
    success_url,
    noun: str,
    back_url: str,
    consequence: str = "",
):
    """Ask before deleting `obj`; on POST call `delete`, say `done()` and go to `success_url`."""
    if request.method == "POST":
        delete()
        messages.success(request, done())
        return redirect(success_url)
    context = society_page_context(
        request, society, tab, object=obj, noun=noun, back_url=back_url, consequence=consequence
    )
    return render(request, DELETE_TEMPLATE, context)


def profile_page(
    request, society_pk, *, get, save, form_class, noun: str, done: str, list_url: str, tab: str
):
    """Edit a society's one-of-a-kind record (its profile), made on its first save."""
    society = society_for(request.user, society_pk, edit=True)
    profile = get(society)
    form = form_class(request.POST or None, instance=profile, society=society)
    if request.method == "POST" and form.is_valid():
        save_profile = lambda: save(profile=form.instance, actor=request.user)  # noqa: E731
        if service_save(request, form, save_profile, lambda _: done):
            return redirect(list_url, society_pk=society.pk)
    back_url = reverse(list_url, args=[society.pk])
    title = record_title(noun, profile if profile.pk else None)
    return form_page(request, society, tab, form, title, back_url)


@dataclass(frozen=True)
class RecordPages:
    """The add, edit and delete views of one kind of society record.

    `save(**{object_arg: record}, actor=…, **extra(form))` adds or changes the record the form
    has filled in; `delete(**{object_arg: record}, actor=…)` removes it. `extra` gives what a
    form holds beyond the model's fields (uploads). After saving, the page goes to the record's
    `detail_url` if it has one (a URL name taking its pk), else to the list (`list_url`, a URL
    name taking the society's pk, with `#anchor`).
    """

    model: type
    form_class: type
    noun: str
    save: Callable
    delete: Callable
    object_arg: str
    list_url: str
    tab: str
    anchor: str = ""
    detail_url: str = ""
    consequence: str | Callable[[Any], str] = ""  # said on the delete page: what goes with it
    extra: Callable[[Any], dict] | None = None

    def back_url(self, society) -> str:
        url = reverse(self.list_url, args=[society.pk])
        return f"{url}#{self.anchor}" if self.anchor else url

    def _record_url(self, obj) -> str:
        return (
            reverse(self.detail_url, args=[obj.pk])
            if self.detail_url
            else self.back_url(obj.society)
        )

    def _save(self, request, form, done: str):
        extra = self.extra(form) if self.extra else {}
        write = lambda: self.save(**{self.object_arg: form.instance}, actor=request.user, **extra)  # noqa: E731
        saved = service_save(request, form, write, lambda saved: f"{done}：{saved}")
        return redirect(self._record_url(saved)) if saved is not None else None

    @method_decorator(login_required)
    @method_decorator(require_http_methods(["GET", "POST"]))
    @method_decorator(submit_once)
    def create_view(self, request, society_pk):
        society = society_for(request.user, society_pk, edit=True)
        form = self.form_class(request.POST or None, request.FILES or None, society=society)
        if request.method == "POST" and form.is_valid():
            saved = self._save(request, form, f"已新增{self.noun}")
            if saved is not None:
                return saved
        title = record_title(self.noun)
        return form_page(request, society, self.tab, form, title, self.back_url(society))

    @method_decorator(login_required)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def update_view(self, request, pk):
        obj = society_object_for(request.user, self.model.objects.all(), pk, edit=True)
        title = record_title(self.noun, obj)  # before the form changes the record
        form = self.form_class(
            request.POST or None, request.FILES or None, instance=obj, society=obj.society
        )
        if request.method == "POST" and form.is_valid():
            saved = self._save(request, form, f"已保存{self.noun}")
            if saved is not None:
                return saved
        return form_page(request, obj.society, self.tab, form, title, self._record_url(obj))

    @method_decorator(login_required)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def delete_view(self, request, pk):
        obj = society_object_for(request.user, self.model.objects.all(), pk, edit=True)
        society = obj.society
        consequence = self.consequence(obj) if callable(self.consequence) else self.consequence
        return delete_page(
            request,
            obj,
            society=society,
            tab=self.tab,
            delete=lambda: self.delete(**{self.object_arg: obj}, actor=request.user),
            done=lambda: f"已删除{self.noun}：{obj}",
            success_url=self.back_url(society),
            noun=self.noun,
            back_url=self._record_url(obj),
            consequence=consequence,
        )
