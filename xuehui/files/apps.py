from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "xuehui.files"
    verbose_name = "文件"
