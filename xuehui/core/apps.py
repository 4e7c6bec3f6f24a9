from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The page shell every society page shares: the society page's context, the add / edit /
    delete pages of a society's records and their one template pair, a record's stored file.
    No models; it imports only `lib`, `access`, `files` and `submissions`."""

    name = "xuehui.core"
    verbose_name = "页面框架"
