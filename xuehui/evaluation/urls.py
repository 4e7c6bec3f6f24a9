from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.scheme_new, name="scheme_new"),
    path("stars/", views.stars, name="stars"),
    # a scheme
    path("scheme/<int:pk>/", views.scheme_detail, name="scheme"),
    path("scheme/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("scheme/<int:pk>/weights/", views.scheme_weights, name="scheme_weights"),
    path("scheme/<int:pk>/yaml/", views.scheme_yaml, name="scheme_yaml"),
    path("scheme/<int:pk>/xlsx/", views.scheme_xlsx, name="scheme_xlsx"),
    path("scheme/<int:pk>/import/", views.scheme_import, name="scheme_import"),
    path("scheme/<int:pk>/copy/", views.scheme_copy, name="scheme_copy"),
    path("scheme/<int:pk>/evaluation/", views.evaluation_open, name="evaluation_open"),
    # the year's evaluation
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/compute/", views.evaluation_compute, name="compute"),
    path("<int:pk>/publicity/", views.publicity_start, name="publicity_start"),
    path("<int:pk>/confirm/", views.evaluation_confirm, name="confirm"),
    path("<int:pk>/stars/apply/", views.star_apply, name="star_apply"),
    path("<int:pk>/score/", views.score, name="score"),
    # one society's result
    path("result/<int:pk>/", views.result_detail, name="result"),
    path("result/<int:pk>/override/", views.result_override, name="result_override"),
    path("result/<int:pk>/adjust/", views.score_adjust, name="score_adjust"),
    path("result/<int:pk>/objections/new/", views.objection_new, name="objection_new"),
    path("result/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("result/<int:pk>/notice/", views.notice, name="notice"),
    path("objection/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
    # a society's tab
    path("society/<int:society_pk>/", views.society_history, name="society_history"),
]
