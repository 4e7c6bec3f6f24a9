from xuehui.governance.models import Term


def latest_term(society) -> Term | None:
    """The society's most recent term, to suggest on the roster upload form."""
    return Term.objects.filter(society=society).order_by("-start_on").first()
