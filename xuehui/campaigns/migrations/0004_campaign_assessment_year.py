
from django.db import migrations, models


def fill(apps, schema_editor):
    """Existing campaigns judged the year of their facts date up to that date: keep that year."""
    Campaign = apps.get_model("campaigns", "Campaign")
    for campaign in Campaign.objects.only("pk", "facts_on").iterator():
        Campaign.objects.filter(pk=campaign.pk).update(assessment_year=campaign.facts_on.year)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_statuses_pending_not_done_not_chosen"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="assessment_year",
            field=models.PositiveSmallIntegerField(
                null=True,
                help_text="“每年”的要求按这一自然年度核验；不晚于数据截止日期所在年度",
                verbose_name="考核年度",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="campaign",
            name="assessment_year",
            field=models.PositiveSmallIntegerField(
                help_text="“每年”的要求按这一自然年度核验；不晚于数据截止日期所在年度",
                verbose_name="考核年度",
            ),
        ),
    ]
