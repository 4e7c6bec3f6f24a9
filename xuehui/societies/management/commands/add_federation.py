"""`xuehui add-federation NAME --code CODE --level national|provincial|municipal|district [--parent CODE]`

Creates the 科协, or brings the one with that code up to date (name, level, place in the
tree); running it again changes nothing. The first step of a real installation: the 科协 comes
before its administrators, frameworks and societies.
Exit codes: 0 done, 1 refused data (a name another 科协 has, a parent below the 科协 itself),
2 a wrong command line (an unknown parent, a bad code or level).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db.models import Q

from xuehui.access import SYSTEM
from xuehui.imports.cli import EXIT_DATA, fail
from xuehui.lib.text import compact
from xuehui.societies.choices import FederationLevel
from xuehui.societies.models import Federation
from xuehui.societies.services import federation_create, federation_update


class Command(BaseCommand):
    help = "新建或更新科协（按代码识别；重复执行不会重复创建）"

    def add_arguments(self, parser):
        parser.add_argument("name", help="科协全称，如 湖北省科学技术协会")
        parser.add_argument("--code", required=True, help="代码：英文字母、数字或连字符，如 hubei")
        parser.add_argument(
            "--level",
            required=True,
            choices=FederationLevel.values,
            help="层级：national 全国、provincial 省级、municipal 市级、district 区县级",
        )
        parser.add_argument("--parent", metavar="CODE", help="上级科协的代码或名称")

    def handle(self, *args, **options):
        name, code = compact(options["name"]), options["code"].strip()
        parent = self._parent(options["parent"])
        existing = Federation.objects.filter(code=code).first()
        try:
            if existing is None:
                federation = federation_create(
                    name=name, code=code, level=options["level"], parent=parent, actor=SYSTEM
                )
                self.stdout.write(f"已新建科协：{federation.name}（{code}）")
                return
            changed = federation_update(
                federation=existing, name=name, level=options["level"], parent=parent, actor=SYSTEM
            )
        except ValidationError as error:
            messages = (
                error.messages
                if not hasattr(error, "error_dict")
                else [
                    f"{Federation._meta.get_field(field).verbose_name}：{'；'.join(texts)}"
                    for field, texts in error.message_dict.items()
                ]
            )
            code_error = any("代码" in m for m in messages) and existing is None
            fail(self, "；".join(messages), 2 if code_error else EXIT_DATA)
        labels = "、".join(str(Federation._meta.get_field(f).verbose_name) for f in changed)
        self.stdout.write(
            f"已更新科协 {existing.name}（{code}）：{labels}"
            if changed
            else f"科协 {existing.name}（{code}）已是最新，无需修改"
        )

    def _parent(self, text: str | None) -> Federation | None:
        if not text:
            return None
        value = compact(text)
        parent = Federation.objects.filter(Q(code=value) | Q(name=value)).first()
        if parent is None:
            fail(self, f"未找到上级科协：{text}（请先创建上级科协，或填写已有科协的代码或名称）")
        return parent
