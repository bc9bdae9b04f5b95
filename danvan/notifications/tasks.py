"""Background tasks (django-tasks): the e-mail copy of a notification, sent by the worker (`danvan db_worker`)."""
from django_tasks import task


@task()
def email_notification(notification_id: int) -> None:
    from danvan.notifications.services import send_email

    send_email(notification_id)
