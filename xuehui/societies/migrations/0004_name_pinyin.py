# The pinyin keys of a society's name, filled for the societies already registered.

from django.db import migrations, models

from xuehui.lib.text import pinyin_keys


def fill_keys(apps, schema_editor):
    """The registered societies get their keys once; later saves keep them current."""
    Society = apps.get_model("societies", "Society")
    rows = list(Society.objects.only("pk", "name"))
    for society in rows:
        society.name_pinyin, society.name_initials = pinyin_keys(society.name)
    Society.objects.bulk_update(rows, ["name_pinyin", "name_initials"], batch_size=500)



class Migration(migrations.Migration):

    dependencies = [
        ('societies', '0003_founded_precision'),
    ]

    operations = [
        migrations.AddField(
            model_name='society',
            name='name_initials',
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name='名称拼音首字母'),
        ),
        migrations.AddField(
            model_name='society',
            name='name_pinyin',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=600, verbose_name='名称拼音'),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
