from django.apps import AppConfig


class TodosConfig(AppConfig):
    name = "xuehui.todos"
    verbose_name = "待办"

    def ready(self) -> None:
        from xuehui.notifications.selectors import BEFORE_READING

        from .selectors import settle_notices

        if settle_notices not in BEFORE_READING:
            BEFORE_READING.append(settle_notices)
