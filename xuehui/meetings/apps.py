from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "xuehui.meetings"
    verbose_name = "会议"
