from django.urls import path

from . import views

app_name = "workplans"
urlpatterns = [
    # The society's side: its plan in a campaign (entry = the society's place in the campaign).
    path("entry/<int:entry_pk>/", views.plan_page, name="plan"),
    path("entry/<int:entry_pk>/create/", views.plan_create_view, name="create"),
    path("<int:plan_pk>/outline/", views.plan_outline, name="outline"),
    path("<int:plan_pk>/problems/add/", views.problem_add, name="problem_add"),
    path("problem/<int:pk>/edit/", views.problem_edit, name="problem_edit"),
    path("problem/<int:pk>/delete/", views.problem_delete_view, name="problem_delete"),
    path("<int:plan_pk>/tasks/new/", views.task_new, name="task_new"),
    path("<int:plan_pk>/tasks/step-row/", views.step_row, name="step_row"),
    path("task/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("task/<int:pk>/delete/", views.task_delete_view, name="task_delete"),
    path("task/<int:task_pk>/progress/", views.progress_view, name="progress"),
    path("<int:plan_pk>/submit/", views.plan_submit_view, name="submit"),
    path("<int:plan_pk>/export/", views.plan_export, name="export"),
    # The 科协's side.
    path("campaign/<int:campaign_pk>/", views.campaign_plans, name="campaign"),
    path("campaign/<int:campaign_pk>/urge/", views.campaign_urge, name="urge"),
    path("<int:plan_pk>/review/", views.plan_review, name="review"),
    path("<int:plan_pk>/approve/", views.plan_approve_view, name="approve"),
    path("<int:plan_pk>/return/", views.plan_return_view, name="return"),
]
