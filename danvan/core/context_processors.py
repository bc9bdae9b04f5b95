from danvan.core.scoping import policy


def navigation(request):
    """What the navigation bar needs: whether the user reads the audit log."""
    user = getattr(request, "user", None)
    return {"danvan_can_audit": user is not None and policy().can_audit(user)}
