from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "xuehui.campaigns"
    verbose_name = "评估检查工作"
