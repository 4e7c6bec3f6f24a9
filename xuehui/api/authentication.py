"""`Authorization: Token <key>` for the REST API: a 401 with the reason in Chinese for a key
that is unknown, revoked or expired, or whose account is disabled; such a key counts against
its address's rate (429 once over it). A valid key whose account owes a sign-in step is
refused later, with 403 (permissions.AccountInGoodStanding)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .services import TokenRefused, token_check
from .throttling import refused_key_counted

KEYWORD = "Token"


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None  # no token: anonymous (or the session of a signed-in page)
        try:
            if len(parts) != 2:
                raise TokenRefused("请求头应为“Authorization: Token 令牌”")
            try:
                key = parts[1].decode()
            except UnicodeError:
                raise TokenRefused("接口令牌无效") from None
            token = token_check(key)
        except TokenRefused as refused:
            refused_key_counted(request)
            raise exceptions.AuthenticationFailed(str(refused)) from None
        return token.user, token

    def authenticate_header(self, request) -> str:
        return KEYWORD


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "xuehui.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "“Token ”加上接口令牌，如：Token xh_0123456789ab_…",
        }
