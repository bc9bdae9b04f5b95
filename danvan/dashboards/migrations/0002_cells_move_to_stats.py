"""The count tables now belong to the stats app (its 0001 takes them over, data kept); the national tables go:
national figures are the sum of the province cells at read time, so no writer contends for one national row."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dashboards", "0001_initial"),
        ("stats", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="StatCell"),
                migrations.DeleteModel(name="ProvinceStatCell"),
                migrations.DeleteModel(name="ProvinceMonthCell"),
                migrations.DeleteModel(name="CommuneMonthCell"),
            ],
            database_operations=[],
        ),
        migrations.DeleteModel(name="NationStatCell"),
        migrations.DeleteModel(name="NationMonthCell"),
    ]
