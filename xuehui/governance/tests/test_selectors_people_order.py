"""People are listed in pinyin order (ux item 8), and the roster import keeps the keys."""

from xuehui.governance.selectors import people_of
from xuehui.tests import factories as f


def test_a_societys_people_are_in_pinyin_order(society_a):
    term = f.make_term(society_a)
    for name in ("张伟", "曾敏", "安然", "王芳"):
        f.make_position(term, person=f.make_person(society=society_a, name=name))
    assert [p.name for p in people_of(society_a)] == ["安然", "王芳", "曾敏", "张伟"]


def test_the_roster_import_writes_the_pinyin_keys_of_the_people_it_adds(society_a):

    from xuehui.governance.models import Person

    from .test_importers import HEADER, errors, run_import

    rows = [HEADER, ["曾国华", "男", "1970.01", "", "理事长", "", "是"]]
    assert errors(run_import(society_a, rows)) == []
    person = Person.objects.get(society=society_a)
    assert (person.name_pinyin, person.name_initials) == ("zengguohua", "zgh")
