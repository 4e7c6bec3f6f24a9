from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The page shell every society page shares: the society page's context, the add / edit /
    delete pages of a society's records and their one template pair, a record's stored file.
    No models; it imports only `lib`, `access`, `files` and `submissions`."""

    name = "xuehui.core"
    verbose_name = "页面框架"

    def ready(self) -> None:
        choose_in_chinese()


EMPTY_CHOICE = "请选择"


def choose_in_chinese() -> None:
    """Every select's empty choice reads 请选择, not Django's “---------” (ux D29): the default
    of a model choice field, and the blank choice a model field with choices offers (Django
    passes that list object as a default argument, so it is changed in place)."""
    from django.db.models import fields
    from django.forms import ModelChoiceField

    defaults = ModelChoiceField.__init__.__kwdefaults__
    if defaults is not None:
        defaults["empty_label"] = EMPTY_CHOICE
    fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE)]
