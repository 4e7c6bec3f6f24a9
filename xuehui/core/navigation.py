"""Which sidebar section a page belongs to, so the sidebar highlights where the user is.

A page inside a society's tabs (its records, its compliance, its pilot pages) belongs to 学会名录,
whichever app serves it; the rest belong to their app's section, with the exceptions listed."""

from django.urls import ResolverMatch

# Apps whose pages are a society's records, reached from the society's tabs.
SOCIETY_APPS = frozenset(
    {"societies", "governance", "members", "secretariat", "party", "branches", "regulations",
     "meetings", "activities", "finances", "workbook", "files"}
)  # fmt: skip
# Pages of other apps shown inside a society's tabs.
SOCIETY_PAGES = frozenset(
    {"pilots:membership", "pilots:summary", "pilots:inspection_new", "pilots:society",
     "rules:society", "rules:society_framework"}
)  # fmt: skip
# Pages whose section is not their app's.
SECTIONS = {
    "rules:overview": "overview",
    "rules:precheck": "precheck",
    "campaigns:queue": "queue",
    "campaigns:review": "queue",
    "governance:shared_people": "shared_people",
    "societies:federations": "federations",
    "societies:federation_create": "federations",
    "societies:federation_edit": "federations",
    "societies:federation_deactivate": "federations",
    "societies:federation_reactivate": "federations",
    "societies:import": "imports",
}
APP_SECTIONS = {
    "dashboard": "dashboard",
    "todos": "dashboard",
    "notifications": "dashboard",
    "rules": "frameworks",
    "pilots": "pilots",
    "evaluation": "evaluation",
    "subsidies": "subsidies",
    "consortia": "consortia",
    "credit": "credit",
    "reports": "reports",
    "portal": "portal",
    "stats": "statistics",
    "campaigns": "campaigns",
    "workplans": "campaigns",
    "imports": "imports",
    "accounts": "accounts",
}


def section_of(match: ResolverMatch | None) -> str:
    if match is None:
        return ""
    name = match.view_name
    if name in SECTIONS:
        return SECTIONS[name]
    if name in SOCIETY_PAGES or "society_pk" in match.kwargs:
        return "societies"
    app = match.namespace.split(":")[0]
    if app in SOCIETY_APPS:
        return "societies"
    return APP_SECTIONS.get(app, "")


def navigation(request) -> dict:
    """Context processor: `nav_section`, the sidebar section of the page."""
    return {"nav_section": section_of(getattr(request, "resolver_match", None))}
