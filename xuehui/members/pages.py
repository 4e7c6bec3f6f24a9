"""Add, edit and delete pages for a society's records, shared by the members, secretariat,
party and branches apps: each page gets the object through the access layer, binds the
app's form, calls one service and redirects to the tab it came from.

    staff_pages = RecordPages(
        model=StaffMember, form_class=StaffMemberForm, noun="专职工作人员",
        create=staff_member_create, update=staff_member_update, delete=staff_member_delete,
        object_arg="staff", list_url="secretariat:society",
    )
    path("society/<int:society_pk>/staff/new/", staff_pages.create_view, name="staff_create")
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from xuehui.accounts.access import can_edit_society, society_for, society_object_for
from xuehui.lib.record_forms import add_service_errors

FORM_TEMPLATE = "members/record_form.html"
DELETE_TEMPLATE = "members/record_confirm_delete.html"


def society_page_context(request, society, tab: str, **extra) -> dict:
    """What a tab of the society page needs (the same keys as the societies app's pages)."""
    return {
        "society": society,
        "tab": tab,
        "can_edit": can_edit_society(request.user, society),
        **extra,
    }


@dataclass(frozen=True)
class RecordPages:
    """The create, update and delete views of one kind of society record."""

    model: type
    form_class: type
    noun: str
    create: Callable
    update: Callable
    delete: Callable
    object_arg: str
    list_url: str
    tab: str
    anchor: str = ""
    consequence: str = ""  # said on the delete page: what goes with the record

    def back_url(self, society) -> str:
        url = reverse(self.list_url, args=[society.pk])
        return f"{url}#{self.anchor}" if self.anchor else url

    def _render(self, request, template, society, **extra):
        context = society_page_context(
            request, society, self.tab, noun=self.noun, back_url=self.back_url(society), **extra
        )
        return render(request, template, context)

    def _save(self, request, form, save: Callable, done: str, society):
        try:
            save(actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
            return None
        messages.success(request, done)
        return redirect(self.back_url(society))

    @method_decorator(login_required)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def create_view(self, request, society_pk):
        society = society_for(request.user, society_pk, edit=True)
        form = self.form_class(request.POST or None, request.FILES or None, society=society)
        if request.method == "POST" and form.is_valid():
            save = lambda **kw: self.create(society=society, **kw)  # noqa: E731
            response = self._save(request, form, save, f"已新增{self.noun}", society)
            if response:
                return response
        return self._render(request, FORM_TEMPLATE, society, form=form, object=None)

    @method_decorator(login_required)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def update_view(self, request, pk):
        obj = society_object_for(request.user, self.model.objects.all(), pk, edit=True)
        form = self.form_class(
            request.POST or None, request.FILES or None, instance=obj, society=obj.society
        )
        if request.method == "POST" and form.is_valid():
            save = lambda **kw: self.update(**{self.object_arg: obj}, **kw)  # noqa: E731
            response = self._save(request, form, save, f"已保存{self.noun}：{obj}", obj.society)
            if response:
                return response
        return self._render(request, FORM_TEMPLATE, obj.society, form=form, object=obj)

    @method_decorator(login_required)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def delete_view(self, request, pk):
        obj = society_object_for(request.user, self.model.objects.all(), pk, edit=True)
        society = obj.society
        if request.method == "POST":
            self.delete(**{self.object_arg: obj}, actor=request.user)
            messages.success(request, f"已删除{self.noun}：{obj}")
            return redirect(self.back_url(society))
        return self._render(
            request, DELETE_TEMPLATE, society, object=obj, consequence=self.consequence
        )
