from django.urls import path

from . import views

app_name = "pilots"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_new, name="programme_new"),
    path("cases/", views.public_cases, name="public_cases"),
    path("programmes/<slug:key>/", views.programme_detail, name="programme"),
    path("programmes/<slug:key>/edit/", views.programme_edit, name="programme_edit"),
    # a batch
    path("batch/<int:pk>/", views.batch_detail, name="batch"),
    path("batch/<int:pk>/phases/", views.batch_phases, name="batch_phases"),
    path("batch/<int:pk>/rules/", views.batch_rules, name="batch_rules"),
    path("batch/<int:pk>/points/", views.batch_points, name="batch_points"),
    path("batch/<int:pk>/start/", views.batch_start, name="batch_start"),
    path("batch/<int:pk>/candidates/", views.candidates, name="candidates"),
    path("batch/<int:pk>/cases/new/", views.case_new, name="case_new"),
    path("batch/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("candidacy/<int:pk>/decide/", views.candidacy_decide, name="candidacy_decide"),
    path("candidacy/<int:pk>/answer/", views.candidacy_answer, name="candidacy_answer"),
    path("case/<int:pk>/publish/", views.case_publish, name="case_publish"),
    # a society's pilots
    path("society/<int:society_pk>/", views.society_pilots, name="society"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("membership/<int:pk>/", views.membership_detail, name="membership"),
    path("membership/<int:pk>/guidance/", views.guidance_add, name="guidance_add"),
    path("guidance/<int:pk>/respond/", views.guidance_respond, name="guidance_respond"),
    path("membership/<int:pk>/midterm/", views.midterm_add, name="midterm_add"),
    path("membership/<int:pk>/summary/", views.summary, name="summary"),
    path("membership/<int:pk>/inspections/new/", views.inspection_new, name="inspection_new"),
    # acceptance
    path("inspection/<int:pk>/", views.inspection_detail, name="inspection"),
    path("inspection/<int:pk>/declare/", views.inspection_declare, name="inspection_declare"),
    path("inspection/<int:pk>/record/", views.inspection_record, name="inspection_record"),
    path("inspection/<int:pk>/score/", views.inspection_score, name="inspection_score"),
    path("inspection/<int:pk>/conclude/", views.inspection_conclude, name="inspection_conclude"),
    path("inspection/<int:pk>/publicity/", views.inspection_publicity, name="inspection_publicity"),
    path("inspection/<int:pk>/publish/", views.inspection_publish, name="inspection_publish"),
    path("inspection/<int:pk>/objections/", views.objection_add, name="objection_add"),
    path("objection/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
    path("inspection/<int:pk>/opinion.<str:fmt>", views.inspection_opinion, name="opinion"),
]
