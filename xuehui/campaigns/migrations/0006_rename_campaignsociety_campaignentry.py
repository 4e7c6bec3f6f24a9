from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    """One concept, one name: a society taking part in a campaign (参评学会) is an entry
    (`CampaignEntry`), as the code has always called it."""

    dependencies = [
        ("campaigns", "0005_campaign_withdrawal"),
        ("societies", "0001_initial"),
        # the foreign key to the entry must exist before the entry's model is renamed
        ("workplans", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="CampaignSociety", new_name="CampaignEntry"),
        migrations.RenameIndex(
            model_name="campaignentry",
            new_name="campaigns_c_campaig_c44d27_idx",
            old_name="campaigns_c_campaig_a4076b_idx",
        ),
    ]
