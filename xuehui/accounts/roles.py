"""Which scope a role keeps (a 科协 role its federation, a secretary their society)."""

from .choices import FEDERATION_ROLES, Role


def role_scope(role: str, *, federation=None, society=None) -> tuple:
    """The scope a role keeps: a 科协 role its federation, a secretary their society, an
    expert the 科协 that recruited them (their societies come from campaigns), a system
    administrator none."""
    if role in FEDERATION_ROLES:
        return federation, None
    if role == Role.SOCIETY_EDITOR:
        return None, society
    if role == Role.EXPERT:
        return federation, None
    return None, None
