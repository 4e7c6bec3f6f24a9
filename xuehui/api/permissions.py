"""A token's account must be in good standing: a valid token of an account whose owner owes a
sign-in step (xuehui.accounts.middleware: a password past its age, a second factor an
administrator must set up) gets 403 saying which, until the step is done on the pages."""

from rest_framework.permissions import BasePermission

from .models import ApiToken
from .services import account_step_owed


class AccountInGoodStanding(BasePermission):
    message = "该账号暂不能使用数据接口"

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, ApiToken):
            return True  # a session: the pages' middleware already sends it to the step
        reason = account_step_owed(request.user)
        if reason is not None:
            self.message = reason
            return False
        return True
