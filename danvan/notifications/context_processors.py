from danvan.notifications.models import Notification


def notifications(request):
    """`unread_notifications`: the signed-in user's unread count, counted only when a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": lambda: Notification.objects.visible_to(user).unread().count()}
