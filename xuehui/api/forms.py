from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator


class TokenIssueForm(forms.Form):
    """A token a user issues for themselves on the token page: at most XUEHUI_API_TOKEN_DAYS
    days (longer ones are issued on the server, `xuehui api-token --days`)."""

    name = forms.CharField(
        label="用途",
        max_length=100,
        help_text="如对接的系统名称（“科协办公系统”），便于日后辨认和吊销",
        error_messages={"required": "请填写令牌的用途", "max_length": "用途最多100个字"},
    )
    days = forms.IntegerField(label="有效天数", min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        most = settings.XUEHUI_API_TOKEN_DAYS
        days = self.fields["days"]
        days.initial = most
        days.help_text = f"1～{most}天，到期后令牌自动失效"
        days.validators.append(MaxValueValidator(most))
        days.error_messages.update({"required": "请填写有效天数", "invalid": "有效天数应为整数"})
        for validator in days.validators:
            if isinstance(validator, MinValueValidator | MaxValueValidator):
                validator.message = f"有效天数应在1到{most}天之间"
        days.widget.attrs.update({"min": 1, "max": most})
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
