"""The context every tab of a society's page needs."""

from django.urls import NoReverseMatch, reverse

from xuehui.access import can_edit_society


def society_page_context(request, society, tab: str, **extra) -> dict:
    """What every tab of a society's page needs: the society, the tab, whether it is editable."""
    return {
        "society": society,
        "tab": tab,
        "can_edit": can_edit_society(request.user, society),
        **extra,
    }


def import_url(name: str, *args) -> str | None:
    """The address of an import page if an installed app provides it."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
