"""Names sort by pinyin and are found by their initials, as a Chinese user expects."""

from django.urls import reverse

from xuehui.lib.text import pinyin_keys
from xuehui.tests import factories as f


def test_the_keys_of_a_name():
    assert pinyin_keys("湖北省环境科学学会") == ("hubeishenghuanjingkexuexuehui", "hbshjkxxh")
    assert pinyin_keys("湖北省IT学会（筹）") == ("hubeishengitxuehuichou", "hbsitxhc")


def _names(client, **params) -> list[str]:
    response = client.get(reverse("societies:list"), params)
    return [s.name for s in response.context["page"].object_list]


def test_the_list_sorts_by_pinyin_not_by_code_point(admin_client, federation):
    for name in ("湖北省植物学会", "湖北省昆虫学会", "湖北省化学化工学会", "湖北省岩石力学学会"):
        f.make_society(name=name, federation=federation)
    names = _names(admin_client)
    wanted = ["湖北省化学化工学会", "湖北省昆虫学会", "湖北省岩石力学学会", "湖北省植物学会"]
    assert [n for n in names if n in wanted] == wanted  # hua < kun < yan < zhi


def test_the_search_finds_a_society_by_its_initials_or_its_pinyin(
    admin_client, federation, society_a
):
    other = f.make_society(name="湖北省植物学会", federation=federation)
    assert _names(admin_client, q="hbshj") == [society_a.name]
    assert _names(admin_client, q="zhiwu") == [other.name]
    assert _names(admin_client, q="HBSZW") == [other.name]
    assert _names(admin_client, q="植物") == [other.name]


def test_a_renamed_society_gets_new_keys(society_a):
    society_a.name = "湖北省生态环境学会"
    society_a.save(update_fields=["name"])
    society_a.refresh_from_db()
    assert society_a.name_initials == "hbssthjxh"


def test_the_registry_import_writes_the_keys(federation):
    from io import BytesIO

    from openpyxl import Workbook

    from xuehui.access import SYSTEM
    from xuehui.societies.importers import SocietyImporter
    from xuehui.societies.models import Society

    book = Workbook()
    book.active.append(["学会名称", "统一社会信用代码"])
    book.active.append(["湖北省地质学会", f.make_uscc(77)])
    buffer = BytesIO()
    book.save(buffer)
    importer = SocietyImporter(default_federation=federation, actor=SYSTEM)
    result = importer.run(BytesIO(buffer.getvalue()), filename="名录.xlsx")
    assert result.ok
    assert Society.objects.get(name="湖北省地质学会").name_initials == "hbsdzxh"
