"""Response headers Django has no setting for."""

from django.conf import settings
from django.contrib.sessions import middleware as sessions


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


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's, except on the public portal's cacheable pages (`xuehui.portal.public_views`
    marks the request): they read no session, so the response neither saves the visitor's
    session nor varies on its cookie, and a shared cache may keep one copy for everyone."""

    def process_response(self, request, response):
        if getattr(request, "xuehui_public_page", False):
            return response
        return super().process_response(request, response)
