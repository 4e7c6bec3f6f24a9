from django.db import migrations

from xuehui.governance.splitting import merge_people, split_people


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_identity_and_society_records"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(split_people, merge_people)]
