from django.apps import AppConfig


class WorkbookConfig(AppConfig):
    name = "xuehui.workbook"
    verbose_name = "信息填报工作簿"
