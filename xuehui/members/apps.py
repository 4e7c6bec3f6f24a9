from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "xuehui.members"
    verbose_name = "会员"
