"""Background tasks (django-tasks): the password reset e-mail, sent by the worker (`danvan db_worker`)."""
from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list) -> None:
    from django.core.mail import send_mail

    send_mail(subject, body, None, list(to))
