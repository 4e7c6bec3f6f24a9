from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("policy/", views.policies, name="policies"),
    path("policy/<int:pk>/", views.policy, name="policy"),
    path("preview/<int:society_pk>/", views.preview, name="preview"),
    path("feedback/", views.inbox, name="inbox"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback"),
    path("feedback/<int:pk>/assign/", views.feedback_assign, name="feedback_assign"),
    path("feedback/<int:pk>/reply/", views.feedback_reply, name="feedback_reply"),
    path("feedback/<int:pk>/close/", views.feedback_close, name="feedback_close"),
]
