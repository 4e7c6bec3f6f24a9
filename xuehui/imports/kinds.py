"""The imports the web offers by upload → preview → confirm, registered by the apps that own
them (`register_kind`, from an app's `importers.py`, loaded in its `AppConfig.ready`): how to
build the importer for a user and the upload's parameters (with its access rule: checked on
upload, on preview and again on confirm, so a role taken away in between stops the import),
and the blank template offered for download."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

from xuehui.lib.importing import Importer

from .background import register_importer
from .blanks import Blank


@dataclass
class Target:
    """A built importer with what the pages say about it."""

    importer: Importer
    title: str
    start_url: str
    back_url: str
    back_label: str
    society: object = None


@dataclass(frozen=True)
class ImportKind:
    build: Callable[..., Target]  # (user, params) → Target; 404 / 403 outside the user's scope
    blank: Blank | None = None


KINDS: dict[str, ImportKind] = {}
# Where an upload waiting for confirmation is looked at again, for the kinds with pages of their
# own (the registry and roster imports use `imports:preview`): a URL name taking the token.
PREVIEW_PAGES: dict[str, str] = {}


def register_preview(kind: str, url_name: str) -> None:
    PREVIEW_PAGES[kind] = url_name


def preview_page(kind: str) -> str | None:
    """The URL name of the upload's preview, None for a kind nobody registered."""
    return PREVIEW_PAGES.get(kind) or ("imports:preview" if kind in KINDS else None)


def register_kind(kind: str, *, build: Callable[..., Target], blank: Blank | None = None) -> None:
    KINDS[kind] = ImportKind(build=build, blank=blank)
    register_importer(kind, lambda user, params: build(user, params).importer)


def target_for(user, kind: str, params: dict) -> Target:
    try:
        registered = KINDS[kind]
    except KeyError:
        raise Http404("未知的导入类型") from None
    return registered.build(user, params)


def blank_for(kind: str) -> Blank | None:
    registered = KINDS.get(kind)
    return registered.blank if registered else None
