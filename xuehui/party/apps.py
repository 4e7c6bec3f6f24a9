from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "xuehui.party"
    verbose_name = "党组织"
