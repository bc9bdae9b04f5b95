from danvan.core.scoping import get_scope


def navigation(request):
    """What the navigation bar needs: the user's scope (for showing the audit link)."""
    user = getattr(request, "user", None)
    return {"danvan_scope": get_scope(user) if user is not None else None}
