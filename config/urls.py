from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("xuehui.dashboard.urls")),
    path("", include("xuehui.ops.urls")),  # /healthz
    path("accounts/api-tokens/", include("xuehui.api.page_urls")),  # the token pages
    path("accounts/", include("xuehui.accounts.urls")),
    path("societies/", include("xuehui.societies.urls")),
    path("governance/", include("xuehui.governance.urls")),
    path("imports/", include("xuehui.imports.urls")),
    path("files/", include("xuehui.files.urls")),
    path("members/", include("xuehui.members.urls")),
    path("secretariat/", include("xuehui.secretariat.urls")),
    path("party/", include("xuehui.party.urls")),
    path("branches/", include("xuehui.branches.urls")),
    path("regulations/", include("xuehui.regulations.urls")),
    path("meetings/", include("xuehui.meetings.urls")),
    path("activities/", include("xuehui.activities.urls")),
    path("finances/", include("xuehui.finances.urls")),
    path("workbook/", include("xuehui.workbook.urls")),
    path("rules/", include("xuehui.rules.urls")),
    path("pilots/", include("xuehui.pilots.urls")),
    path("evaluation/", include("xuehui.evaluation.urls")),
    path("subsidies/", include("xuehui.subsidies.urls")),
    path("consortia/", include("xuehui.consortia.urls")),
    path("credit/", include("xuehui.credit.urls")),
    path("reports/", include("xuehui.reports.urls")),
    path("statistics/", include("xuehui.stats.urls")),
    path("campaigns/", include("xuehui.campaigns.urls")),
    path("workplans/", include("xuehui.workplans.urls")),
    path("notifications/", include("xuehui.notifications.urls")),
    path("todos/", include("xuehui.todos.urls")),
    path("help/", include("xuehui.guide.urls")),
    path("jobs/", include("xuehui.jobs.urls")),
    path("portal/", include("xuehui.portal.urls")),
    path("public/", include("xuehui.portal.public_urls")),
    path("api/", include("xuehui.api.urls")),
    path("django-admin/", admin.site.urls),
]
handler400 = "config.errors.bad_request"
