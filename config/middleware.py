"""Response headers Django has no setting for."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Permissions-Policy: switch off browser features the platform never uses."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.XUEHUI_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
