"""The audit log becomes append-only and hash-chained (等保 8.1.4.3).

Existing entries are chained in id order as they are; the actor and society are kept as the
ids they had (no foreign key constraint: deleting a user or a society must not rewrite the
log); on PostgreSQL a trigger refuses UPDATE and DELETE on the entries, except a DELETE by
the archive command (`SET LOCAL xuehui.audit_archive = 'on'`)."""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TRIGGER = """
CREATE OR REPLACE FUNCTION xuehui_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_auditentry'
       AND current_setting('xuehui.audit_archive', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '审计记录只能追加，不能修改或删除（%）', TG_OP;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION xuehui_audit_append_only();
CREATE TRIGGER audit_auditarchive_append_only BEFORE UPDATE OR DELETE ON audit_auditarchive
    FOR EACH ROW EXECUTE FUNCTION xuehui_audit_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_auditarchive_append_only ON audit_auditarchive;
DROP FUNCTION IF EXISTS xuehui_audit_append_only();
"""


def chain_existing(apps, schema_editor):
    from xuehui.audit.chain import canonical_json, content, link
    from xuehui.audit.models import GENESIS_HASH

    entry_model = apps.get_model("audit", "AuditEntry")
    head_model = apps.get_model("audit", "AuditChainHead")
    prev, last_id = GENESIS_HASH, 0
    for entry in entry_model.objects.order_by("id").iterator(chunk_size=2000):
        text = content(
            entry.created_at,
            entry.actor_id,
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.society_id,
            entry.address,
            entry.summary,
            canonical_json(entry.detail),
        )
        entry_hash = link(prev, text)
        entry_model.objects.filter(pk=entry.pk).update(prev_hash=prev, entry_hash=entry_hash)
        prev, last_id = entry_hash, entry.pk
    head_model.objects.update_or_create(pk=1, defaults={"last_hash": prev, "last_id": last_id})


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("societies", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "last_hash",
                    models.CharField(
                        default="0" * 64, max_length=64, verbose_name="最后一条哈希"
                    ),
                ),
                ("last_id", models.BigIntegerField(default=0, verbose_name="最后一条ID")),
            ],
            options={"verbose_name": "审计链头", "verbose_name_plural": "审计链头"},
        ),
        migrations.CreateModel(
            name="AuditArchive",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="归档时间"
                    ),
                ),
                ("path", models.CharField(max_length=500, verbose_name="归档文件")),
                ("sha256", models.CharField(max_length=64, verbose_name="文件SHA-256")),
                ("first_id", models.BigIntegerField(verbose_name="首条ID")),
                ("last_id", models.BigIntegerField(verbose_name="末条ID")),
                ("count", models.PositiveIntegerField(verbose_name="条数")),
                ("before", models.DateTimeField(verbose_name="归档截止时间")),
                ("prev_hash", models.CharField(max_length=64, verbose_name="首条之前的哈希")),
                ("last_hash", models.CharField(max_length=64, verbose_name="末条哈希")),
            ],
            options={
                "verbose_name": "审计归档",
                "verbose_name_plural": "审计归档",
                "ordering": ["first_id"],
            },
        ),
        migrations.AddField(
            model_name="auditentry",
            name="address",
            field=models.CharField(blank=True, max_length=64, verbose_name="来源地址"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="上一条哈希"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="本条哈希"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="时间"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="society",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=models.deletion.DO_NOTHING,
                related_name="audit_entries",
                to="societies.society",
                verbose_name="学会",
            ),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
