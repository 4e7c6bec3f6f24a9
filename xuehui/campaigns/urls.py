from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("launch/", views.campaign_launch, name="launch"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/export/", views.campaign_export, name="export"),
    path("<int:pk>/refresh/", views.campaign_refresh, name="refresh"),
    path("<int:pk>/close/", views.campaign_close, name="close"),
    path("<int:pk>/withdraw/", views.campaign_withdraw, name="withdraw"),
    path("<int:pk>/experts/", views.campaign_assignments, name="assignments"),
    path("<int:pk>/disputes/", views.campaign_disputes, name="disputes"),
    path("experts/<int:pk>/delete/", views.assignment_delete, name="assignment_delete"),
    path("societies/<int:pk>/", views.entry_detail, name="entry"),
    path(
        "societies/<int:pk>/accept-automatic/",
        views.entry_accept_automatic,
        name="accept_automatic",
    ),
    path("societies/<int:pk>/submit/", views.entry_submit, name="submit"),
    path("societies/<int:pk>/result.docx", views.entry_docx, name="entry_docx"),
    path("societies/<int:pk>/result.pdf", views.entry_pdf, name="entry_pdf"),
    path("items/<int:pk>/assess/", views.item_assess, name="item_assess"),
    path("items/<int:pk>/evidence/", views.item_evidence, name="item_evidence"),
    path("items/<int:pk>/answer/", views.item_answer, name="item_answer"),
    path("items/<int:pk>/resolve/", views.item_resolve, name="item_resolve"),
    path("items/<int:pk>/verdict/", views.item_verdict, name="item_verdict"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/preview/", views.evidence_preview, name="evidence_preview"),
    path("transitions/<int:pk>/revert/", views.transition_revert, name="transition_revert"),
    path("review/", views.expert_queue, name="queue"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/start/", views.review_start, name="review_start"),
    path("review/<int:pk>/conclude/", views.review_conclude, name="review_conclude"),
]
