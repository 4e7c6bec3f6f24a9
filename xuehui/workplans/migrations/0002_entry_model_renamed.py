# The entry's model was renamed (campaigns 0006); the table and its rows stay.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0006_rename_campaignsociety_campaignentry'),
        ('workplans', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='workplan',
            name='entry',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='work_plan', to='campaigns.campaignentry', verbose_name='参评学会'),
        ),
    ]
