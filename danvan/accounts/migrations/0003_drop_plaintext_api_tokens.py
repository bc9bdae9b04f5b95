"""API tokens moved from DRF's authtoken (the key in plain text) to django-rest-knox (a SHA-512 digest).

The old table held every token in plain text: it is dropped, with its migration records (so re-adding the
app later would create it afresh). Old tokens stop working; users make new ones on the profile page or with
POST /api/v1/auth/token/.
"""
from django.db import migrations


def drop_authtoken(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if "authtoken_token" in connection.introspection.table_names(cursor):
            cursor.execute("DROP TABLE authtoken_token")
        if "django_migrations" in connection.introspection.table_names(cursor):
            cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial"), ("knox", "0009_extend_authtoken_field")]

    operations = [migrations.RunPython(drop_authtoken, migrations.RunPython.noop)]
