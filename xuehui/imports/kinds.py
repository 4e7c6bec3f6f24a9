"""The imports the web offers, each with its access rule and how to build its importer.

The access rule is checked on upload, on preview and again on confirm: a role taken away
in between stops the import.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from xuehui.accounts.access import federations_administered, scope_for, society_for
from xuehui.governance.importers import RosterImporter
from xuehui.lib.importing import Importer
from xuehui.societies.importers import SocietyImporter

from .background import register_importer

SOCIETIES = "societies"
ROSTER = "roster"


@dataclass
class Target:
    """A built importer with what the pages say about it."""

    importer: Importer
    title: str
    start_url: str
    back_url: str
    back_label: str
    society: object = None


def require_federation_admin(user) -> None:
    """The society registry import is for 科协 administrators and system administrators."""
    scope = scope_for(user)
    if not (scope.is_system_admin or scope.admin_federation_ids):
        raise PermissionDenied("只有科协管理员可以导入学会名录")


def society_target(user, params: dict) -> Target:
    require_federation_admin(user)
    federations = list(federations_administered(user))
    default = next((f for f in federations if f.pk == params.get("federation")), None)
    if default is None:
        raise Http404("未找到该科协")
    return Target(
        importer=SocietyImporter(federations=federations, default_federation=default, actor=user),
        title=f"导入学会名录（默认科协：{default.name}）",
        start_url=reverse("imports:society_import"),
        back_url=reverse("societies:list"),
        back_label="学会名录",
    )


def roster_target(user, params: dict) -> Target:
    society = society_for(user, params.get("society"), edit=True)
    end = params.get("term_end")
    importer = RosterImporter(
        society=society,
        term_number=params["term_number"],
        term_start=dt.date.fromisoformat(params["term_start"]),
        term_end=dt.date.fromisoformat(end) if end else None,
        actor=user,
    )
    return Target(
        importer=importer,
        title=f"导入{society.name}第{params['term_number']}届理事会成员名册",
        start_url=reverse("imports:roster_import", args=[society.pk]),
        back_url=reverse("governance:council", args=[society.pk]),
        back_label="届次与理事会",
        society=society,
    )


BUILDERS = {SOCIETIES: society_target, ROSTER: roster_target}


def target_for(user, kind: str, params: dict) -> Target:
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise Http404("未知的导入类型") from None
    return builder(user, params)


def _importer(builder):
    return lambda user, params: builder(user, params).importer


register_importer(SOCIETIES, _importer(society_target))
register_importer(ROSTER, _importer(roster_target))
