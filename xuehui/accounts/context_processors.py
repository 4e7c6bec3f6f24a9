from xuehui.access import scope_for

from .choices import Role


def user_roles(request) -> dict:
    """The signed-in user's role names for the header."""
    user = getattr(request, "user", None)
    scope = scope_for(user) if user is not None else None
    if scope is None or not user.is_authenticated:
        return {"user_role_labels": [], "user_scope": None}
    labels = [Role(role).label for role in Role.values if role in scope.roles]
    if user.is_superuser and Role.SYSTEM_ADMIN.label not in labels:
        labels.insert(0, Role.SYSTEM_ADMIN.label)
    return {"user_role_labels": labels, "user_scope": scope}
