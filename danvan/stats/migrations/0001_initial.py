"""The count tables move from the dashboards app to stats: state only, the tables (and their data) stay."""
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("dashboards", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CommuneMonthCell',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('i', 'Mô hình'), ('e', 'Điển hình')], max_length=1)),
                        ('province_id', models.IntegerField(default=0)),
                        ('year', models.SmallIntegerField()),
                        ('dim', models.CharField(choices=[('field', 'Lĩnh vực'), ('scope', 'Phạm vi'), ('status', 'Trạng thái'), ('org_kind', 'Loại tổ chức'), ('changed', 'Chuyển trạng thái trong năm'), ('total', 'Tổng số')], max_length=10)),
                        ('value', models.CharField(max_length=30)),
                        ('n', models.IntegerField(default=0)),
                        ('commune_id', models.IntegerField(default=0)),
                        ('month', models.SmallIntegerField()),
                    ],
                    options={
                        'db_table': 'dashboards_communemonthcell',
                        'verbose_name': 'Ô số liệu tổng hợp (xã, tháng)',
                        'verbose_name_plural': 'Ô số liệu tổng hợp (xã, tháng)',
                        'indexes': [models.Index(fields=['province_id', 'year', 'month', 'kind', 'dim', 'commune_id', 'value', 'n'], name='communemonthcell_province')],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'province_id', 'commune_id', 'year', 'month', 'dim', 'value'), name='communemonthcell_key')],
                    },
                ),
                migrations.CreateModel(
                    name='ProvinceMonthCell',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('i', 'Mô hình'), ('e', 'Điển hình')], max_length=1)),
                        ('province_id', models.IntegerField(default=0)),
                        ('year', models.SmallIntegerField()),
                        ('dim', models.CharField(choices=[('field', 'Lĩnh vực'), ('scope', 'Phạm vi'), ('status', 'Trạng thái'), ('org_kind', 'Loại tổ chức'), ('changed', 'Chuyển trạng thái trong năm'), ('total', 'Tổng số')], max_length=10)),
                        ('value', models.CharField(max_length=30)),
                        ('n', models.IntegerField(default=0)),
                        ('month', models.SmallIntegerField()),
                    ],
                    options={
                        'db_table': 'dashboards_provincemonthcell',
                        'verbose_name': 'Ô số liệu tổng hợp (tỉnh, tháng)',
                        'verbose_name_plural': 'Ô số liệu tổng hợp (tỉnh, tháng)',
                        'indexes': [models.Index(fields=['year', 'province_id'], name='provincemonthcell_year'), models.Index(fields=['province_id', 'year'], name='provincemonthcell_province')],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'province_id', 'year', 'month', 'dim', 'value'), name='provincemonthcell_key')],
                    },
                ),
                migrations.CreateModel(
                    name='ProvinceStatCell',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('i', 'Mô hình'), ('e', 'Điển hình')], max_length=1)),
                        ('province_id', models.IntegerField(default=0)),
                        ('year', models.SmallIntegerField()),
                        ('dim', models.CharField(choices=[('field', 'Lĩnh vực'), ('scope', 'Phạm vi'), ('status', 'Trạng thái'), ('org_kind', 'Loại tổ chức'), ('changed', 'Chuyển trạng thái trong năm'), ('total', 'Tổng số')], max_length=10)),
                        ('value', models.CharField(max_length=30)),
                        ('n', models.IntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'dashboards_provincestatcell',
                        'verbose_name': 'Ô số liệu tổng hợp (tỉnh)',
                        'verbose_name_plural': 'Ô số liệu tổng hợp (tỉnh)',
                        'indexes': [models.Index(fields=['province_id', 'kind', 'dim', 'year'], name='provincecell_province'), models.Index(fields=['dim', 'year', 'kind', 'province_id', 'value', 'n'], name='provincecell_dim')],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'province_id', 'year', 'dim', 'value'), name='provincecell_key')],
                    },
                ),
                migrations.CreateModel(
                    name='StatCell',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('i', 'Mô hình'), ('e', 'Điển hình')], max_length=1)),
                        ('province_id', models.IntegerField(default=0)),
                        ('year', models.SmallIntegerField()),
                        ('dim', models.CharField(choices=[('field', 'Lĩnh vực'), ('scope', 'Phạm vi'), ('status', 'Trạng thái'), ('org_kind', 'Loại tổ chức'), ('changed', 'Chuyển trạng thái trong năm'), ('total', 'Tổng số')], max_length=10)),
                        ('value', models.CharField(max_length=30)),
                        ('n', models.IntegerField(default=0)),
                        ('commune_id', models.IntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'dashboards_statcell',
                        'verbose_name': 'Ô số liệu tổng hợp (xã)',
                        'verbose_name_plural': 'Ô số liệu tổng hợp (xã)',
                        'indexes': [models.Index(fields=['province_id', 'dim', 'year', 'kind', 'commune_id', 'value', 'n'], name='statcell_province'), models.Index(fields=['commune_id', 'kind', 'dim', 'year'], name='statcell_commune')],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'province_id', 'commune_id', 'year', 'dim', 'value'), name='statcell_key')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
