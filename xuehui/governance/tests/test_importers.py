"""The roster import: every tolerance and every strictness rule of issue 2 §3."""

import datetime as dt
import io

import pytest

from xuehui.access import SYSTEM
from xuehui.audit.models import AuditEntry
from xuehui.governance.choices import Gender, Office, PoliticalStatus, Selection
from xuehui.governance.importers import RosterImporter, parse_offices
from xuehui.governance.models import Person, Position, Term
from xuehui.imports.tests.files import csv_bytes, xls_bytes, xlsx_bytes
from xuehui.lib.parsing import parse_trait, trait_text
from xuehui.tests.factories import make_id_number, make_person, make_position, make_term

START = dt.date(2022, 6, 1)
HEADER = ["姓名", "性别", "出生年月", "身份证号码", "学会职务", "秘书长产生方式", "一线科技工作者"]


def run_import(
    society, rows, *, filename="名册.xlsx", data=None, term=3, start=START, end=None, dry_run=False
):
    importer = RosterImporter(
        actor=SYSTEM, society=society, term_number=term, term_start=start, term_end=end
    )
    data = data if data is not None else xlsx_bytes(rows)
    return importer.run(data, filename=filename, dry_run=dry_run)


def errors(run) -> list[str]:
    return [str(e) for e in run.errors]


def offices_of(society, term=3) -> set[tuple[str, str]]:
    return set(
        Position.objects.filter(term__society=society, term__number=term).values_list(
            "person__name", "office"
        )
    )


# ---------------------------------------------------------------- tolerance


@pytest.mark.django_db
def test_it_reads_a_real_looking_file_with_title_rows_serial_column_and_header_variants(society_a):
    id_number = make_id_number(dt.date(1962, 7, 9), male=False)
    rows = [
        ["湖北省环境科学学会第三届理事会成员名册"],
        ["填报单位（盖章）：", None, None, "填报日期：2022年6月"],
        [
            "序号",
            "姓 名",
            "性别",
            "出生日期",
            "身份证号",
            "政治面貌",
            "工作单位",
            "职务/职称",
            "会内职务",
            "是否基层一线科技工作者",
            "退(离)休领导干部",
            "是否专职",
        ],
        [1, "张三 ", "男", "1965.03", None, "党员", "武汉大学", "教授", "会长", "是", "否", "×"],
        [2, "李四", None, None, id_number, "群众", "湖北大学", "研究员", "副会长", "√", "×", None],
        [None, None, None, None, None, None, None, None, None, None, None, None],
        [
            3,
            "王五",
            "男",
            "1970年5月",
            None,
            "九三学社",
            "华中科大",
            "教授",
            "秘书长 常务理事",
            "Y",
            "N",
            "专职",
        ],
        ["注：本表一式两份", None],
    ]
    run = run_import(society_a, rows)
    assert errors(run) == []
    term = Term.objects.get(society=society_a, number=3)
    assert term.start_on == START and term.planned_end_on == dt.date(2027, 6, 1)
    assert offices_of(society_a) == {
        ("张三", Office.PRESIDENT),
        ("李四", Office.VICE_PRESIDENT),
        ("王五", Office.SECRETARY_GENERAL),
        ("王五", Office.STANDING_DIRECTOR),
    }
    zhang = Person.objects.get(name="张三")
    assert zhang.birth_date == dt.date(1965, 3, 1)
    assert zhang.political_status == PoliticalStatus.PARTY_MEMBER
    assert zhang.is_frontline and not zhang.is_retired_official
    li = Person.objects.get(name="李四")
    assert (li.gender, li.birth_date, li.id_number) == (
        Gender.FEMALE,
        dt.date(1962, 7, 9),
        id_number,
    )
    wang = Person.objects.get(name="王五")
    assert wang.political_status == PoliticalStatus.DEMOCRATIC_PARTY
    assert set(wang.positions.values_list("is_full_time", flat=True)) == {True}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cell",
    [
        "1965.03",
        "1965.3",
        "1965-03",
        "1965年3月",
        "1965/3/1",
        "19650301",
        1965.03,
        19650301,
        dt.date(1965, 3, 1),
        "１９６５年３月",
        " 1965.03 ",
    ],
)
def test_birth_dates_are_read_in_every_common_form(society_a, cell):
    run = run_import(society_a, [HEADER, ["张三", "男", cell, None, "理事", None, "是"]])
    assert errors(run) == []
    assert Person.objects.get(name="张三").birth_date == dt.date(1965, 3, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("yes", "no"),
    [("是", "否"), ("√", "×"), ("Y", "N"), ("yes", "no"), ("✓", "✗"), ("1", "0"), (True, False)],
)
def test_yes_and_no_are_read_in_every_common_form(society_a, yes, no):
    rows = [
        HEADER,
        ["张三", "男", "1965.03", None, "理事", None, yes],
        ["李四", "男", "1966.03", None, "理事", None, no],
    ]
    assert errors(run_import(society_a, rows)) == []
    assert Person.objects.get(name="张三").is_frontline is True
    assert Person.objects.get(name="李四").is_frontline is False


@pytest.mark.django_db
def test_an_id_number_stored_as_text_with_spaces_or_lower_case_x_is_accepted(society_a):
    number = next(
        n for i in range(1, 400) if (n := make_id_number(dt.date(1970, 1, 2), n=i)).endswith("X")
    )
    rows = [HEADER, ["张三", None, None, f" {number[:-1]}x ", "理事", None, None]]
    assert errors(run_import(society_a, rows)) == []
    assert Person.objects.get(name="张三").id_number == number


@pytest.mark.django_db
def test_an_id_number_that_excel_turned_into_a_number_is_explained(society_a):
    number = make_id_number(dt.date(1970, 1, 2))
    rows = [HEADER, ["张三", None, None, int(number[:15] + "000"), "理事", None, None]]
    run = run_import(society_a, rows)
    assert errors(run) == [
        "第2行 「身份证号码」：身份证号码被保存成了数字，Excel只保留15位有效数字，末尾几位已丢失；"
        "请把该列设为“文本”格式后重新填写完整号码"
    ]


@pytest.mark.django_db
def test_an_id_number_column_read_as_numbers_from_csv_is_accepted(society_a):
    number = make_id_number(dt.date(1970, 1, 2), n=3)
    assert not number.endswith("X")
    data = csv_bytes([HEADER, ["张三", None, None, f"{number}.0", "理事", None, None]])
    assert errors(run_import(society_a, None, data=data, filename="名册.csv")) == []
    assert Person.objects.get(name="张三").id_number == number


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_csv_roster_in_utf8_or_gbk_is_read(society_a, encoding):
    rows = [["理事会名册"], HEADER, ["张三", "男", "1965.03", "", "副会长、理事", "", "是"]]
    run = run_import(society_a, None, data=csv_bytes(rows, encoding=encoding), filename="名册.csv")
    assert errors(run) == []
    assert offices_of(society_a) == {("张三", Office.VICE_PRESIDENT), ("张三", Office.DIRECTOR)}


@pytest.mark.django_db
def test_an_old_xls_roster_is_read(society_a):
    rows = [["理事会名册"], HEADER, ["张三", "男", 1965.03, None, "会长、理事", None, "是"]]
    run = run_import(society_a, None, data=xls_bytes(rows), filename="名册.xls")
    assert errors(run) == []
    assert offices_of(society_a) == {("张三", Office.PRESIDENT), ("张三", Office.DIRECTOR)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会长", (Office.PRESIDENT,)),
        ("副会长", (Office.VICE_PRESIDENT,)),
        ("常务理事、副秘书长", (Office.DEPUTY_SECRETARY_GENERAL, Office.STANDING_DIRECTOR)),
        ("理事，监事", (Office.DIRECTOR, Office.SUPERVISOR)),
        ("常务理事,秘书长", (Office.SECRETARY_GENERAL, Office.STANDING_DIRECTOR)),
        ("常务理事/秘书长", (Office.SECRETARY_GENERAL, Office.STANDING_DIRECTOR)),
        ("常务理事 秘书长", (Office.SECRETARY_GENERAL, Office.STANDING_DIRECTOR)),
        ("理事长（法定代表人）", (Office.PRESIDENT,)),
        ("副理事长（兼秘书长）", (Office.VICE_PRESIDENT, Office.SECRETARY_GENERAL)),
        ("常务副会长", (Office.VICE_PRESIDENT,)),
        ("监事会主席", (Office.CHIEF_SUPERVISOR,)),
        ("理事、理事", (Office.DIRECTOR,)),
        ("副理事长兼秘书长", (Office.VICE_PRESIDENT, Office.SECRETARY_GENERAL)),
        ("常务理事兼副秘书长", (Office.DEPUTY_SECRETARY_GENERAL, Office.STANDING_DIRECTOR)),
        ("（执行）副理事长", (Office.VICE_PRESIDENT,)),
        ("理事（连任）", (Office.DIRECTOR,)),
        ("特邀理事", (Office.DIRECTOR,)),
        ("副监事长", (Office.DEPUTY_CHIEF_SUPERVISOR,)),
        ("名誉会长", (Office.HONORARY_PRESIDENT,)),
        ("荣誉理事", (Office.HONORARY_DIRECTOR,)),
        ("理事、高级顾问", (Office.DIRECTOR, Office.SENIOR_ADVISER)),
    ],
)
def test_offices_are_split_and_their_synonyms_understood(text, expected):
    assert parse_offices(text) == expected


@pytest.mark.parametrize(
    ("text", "full_time"),
    [
        ("秘书长（专职）", {Office.SECRETARY_GENERAL}),
        ("专职副秘书长", {Office.DEPUTY_SECRETARY_GENERAL}),
        ("常务理事、秘书长（专职）", {Office.SECRETARY_GENERAL}),
        ("秘书长", set()),
    ],
)
def test_a_post_written_full_time_is_marked_so(text, full_time):
    assert set(parse_offices(text).full_time) == full_time


@pytest.mark.django_db
def test_offices_as_offices_write_them_import_as_posts_with_their_notes(society_a):
    header = ["姓名", "出生年月", "学会职务"]
    rows = [
        header,
        ["张三", "1965.03", "副理事长兼秘书长（专职）"],
        ["李四", "1970.01", "常务理事兼副秘书长"],
        ["王五", "1962.05", "理事长（法定代表人）"],
    ]
    run = run_import(society_a, rows)
    assert run.ok, errors(run)
    assert offices_of(society_a) == {
        ("张三", Office.VICE_PRESIDENT),
        ("张三", Office.SECRETARY_GENERAL),
        ("李四", Office.STANDING_DIRECTOR),
        ("李四", Office.DEPUTY_SECRETARY_GENERAL),
        ("王五", Office.PRESIDENT),
    }
    secretary = Position.objects.get(office=Office.SECRETARY_GENERAL)
    assert secretary.is_full_time
    assert not Position.objects.get(office=Office.VICE_PRESIDENT).is_full_time


def test_an_unknown_office_says_which_and_what_is_allowed():
    with pytest.raises(ValueError, match="未知的学会职务“学术顾问委员”，可填写：理事长（会长）"):
        parse_offices("理事、学术顾问委员")


def test_executive_vice_presidents_keep_the_distinction():
    offices = parse_offices("常务副理事长兼秘书长")
    assert tuple(offices) == (Office.VICE_PRESIDENT, Office.SECRETARY_GENERAL)
    assert offices.executive == {Office.VICE_PRESIDENT}
    assert parse_offices("副会长").executive == frozenset()
    assert parse_offices("常务副会长").executive == {Office.VICE_PRESIDENT}


@pytest.mark.django_db
def test_honorary_posts_are_recorded_shown_and_never_counted(society_a, secretary_a_client):
    from django.urls import reverse

    from xuehui.governance.exporters import RosterExporter
    from xuehui.rules.facts import gather

    rows = [
        HEADER,
        ["张三", "男", "1960.03", None, "理事长", None, "是"],
        ["李四", "男", "1958.05", None, "名誉会长", None, "否"],
        ["王五", "男", "1962.01", None, "常务副理事长", None, "是"],
        ["赵六", "男", "1950.01", None, "高级顾问", None, "否"],
    ]
    run = run_import(society_a, rows)
    assert run.ok, errors(run)
    assert (
        "名誉职务已记录，不计入理事会和常务理事会：第3行李四（名誉理事长）、第5行赵六（高级顾问）"
        in (run.result.warnings)
    )
    term = Term.objects.get(society=society_a)
    posts = {p.person.name: p for p in Position.objects.filter(term=term).select_related("person")}
    assert posts["李四"].office == Office.HONORARY_PRESIDENT and posts["李四"].is_honorary
    assert posts["王五"].office_label == "常务副理事长"
    on = term.start_on + dt.timedelta(days=1)
    facts = gather([society_a.pk], on)[society_a.pk]
    assert facts["council.size"] == 2 and facts["standing_council.size"] == 2
    # Shown on the society's roster as what they are.
    page = secretary_a_client.get(reverse("governance:council", args=[society_a.pk])).content
    text = page.decode()
    assert "名誉理事长" in text and "名誉职务" in text and "常务副理事长" in text
    # The export writes them as written, and re-imports unchanged.
    exported = RosterExporter(term).write_xlsx()
    again = RosterImporter(
        actor=SYSTEM, society=society_a, term_number=term.number, term_start=term.start_on
    ).run(exported, filename="名册.xlsx")
    assert again.ok, errors(again)
    reread = {p.person.name: p.office_label for p in Position.objects.filter(term=term)}
    assert reread == {
        "张三": "理事长",
        "李四": "名誉理事长",
        "王五": "常务副理事长",
        "赵六": "高级顾问",
    }


# ---------------------------------------------------------------- strictness


@pytest.mark.django_db
def test_every_problem_is_listed_and_nothing_is_written(society_a):
    future = (dt.date.today() + dt.timedelta(days=40)).strftime("%Y.%m.%d")
    wrong_check = make_id_number(dt.date(1960, 1, 1))
    wrong_check = wrong_check[:-1] + ("1" if wrong_check[-1] != "1" else "2")
    rows = [
        ["某学会理事会名册"],
        HEADER,
        ["张三", "男", "1965.03", None, "学术委员", None, "是"],
        ["李四", "男", None, wrong_check, "理事", None, "是"],
        ["王五", "男", future, None, "理事", None, "是"],
        ["赵六", "男", "1965.03", None, "理事", "选任", "也许"],
        ["张三", "男", "1965.03", None, "监事", None, "是"],
        ["钱七", "男", None, None, "理事", None, "是"],
    ]
    run = run_import(society_a, rows)
    assert errors(run) == [
        "第3行 「学会职务」：未知的学会职务“学术委员”，可填写：理事长（会长）、副理事长（副会长）、"
        "常务副理事长、秘书长、副秘书长、常务理事、理事、监事长、副监事长、监事，"
        "名誉职务：名誉理事长（名誉会长）、荣誉理事、高级顾问、顾问",
        "第4行 「身份证号码」：身份证号码校验位不正确，请核对后重新填写",
        "第5行 「出生年月」：出生日期不能晚于今天",
        "第6行 「秘书长产生方式」：只有秘书长需要填写产生方式",
        "第6行 「一线科技工作者」：应填写“是”或“否”，而不是“也许”",
        "第7行 「姓名」：与第3行是同一人（一人多职请在「学会职务」中用顿号分隔）",
        "第8行 「出生年月」：未填写身份证号码时，出生年月为必填项",
    ]
    assert not Term.objects.filter(society=society_a).exists()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_person_listed_twice_alike_is_one_person_with_both_offices(society_a):
    number = make_id_number(dt.date(1965, 3, 15))
    rows = [
        HEADER,
        ["张三", "男", "1965.03", None, "理事", None, "是"],
        ["李四", None, None, number, "理事", None, "是"],
        ["张三", "男", "1965.03", None, "监事", None, "是"],
        ["李四", None, None, number, "常务副理事长", None, ""],
    ]
    run = run_import(society_a, rows)
    assert run.ok, errors(run)
    assert "第4行与第2行是同一人（张三），职务已合并为理事、监事" in run.result.warnings
    assert "第5行与第3行是同一人（李四），职务已合并为常务副理事长、理事" in run.result.warnings
    assert Person.objects.count() == 2
    assert offices_of(society_a) == {
        ("张三", Office.DIRECTOR),
        ("张三", Office.SUPERVISOR),
        ("李四", Office.VICE_PRESIDENT),
        ("李四", Office.DIRECTOR),
    }


@pytest.mark.django_db
def test_a_person_listed_twice_with_different_details_is_an_error(society_a):
    number = make_id_number(dt.date(1965, 3, 15))
    rows = [
        HEADER,
        ["张三", "男", "1965.03", None, "理事", None, "是"],
        ["李四", None, None, number, "理事", None, "是"],
        ["张三", "男", "1965.03", None, "监事", None, "否"],
        ["李四", None, None, number, "监事", None, "否"],
    ]
    assert errors(run_import(society_a, rows)) == [
        "第4行 「姓名」：与第2行是同一人（一人多职请在「学会职务」中用顿号分隔）",
        "第5行 「姓名」：与第3行是同一人（一人多职请在「学会职务」中用顿号分隔）",
    ]
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_a_missing_required_column_is_reported_once(society_a):
    rows = [["姓名", "出生年月", "性别"], ["张三", "1965.03", "男"], ["李四", "1966.03", "男"]]
    assert errors(run_import(society_a, rows)) == ["第1行 「学会职务」：缺少必填列"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("birth", "message"),
    [
        ("1965.04", "与身份证号码不符（身份证为1965-03-15）"),
        ("1965-03-14", "与身份证号码不符（身份证为1965-03-15）"),
        ("1965-03-01", "与身份证号码不符（身份证为1965-03-15）"),
    ],
)
def test_a_birth_date_conflicting_with_the_id_number_is_an_error(society_a, birth, message):
    number = make_id_number(dt.date(1965, 3, 15))
    run = run_import(society_a, [HEADER, ["张三", None, birth, number, "理事", None, None]])
    assert errors(run) == [f"第2行 「出生年月」：{message}"]


@pytest.mark.django_db
@pytest.mark.parametrize("birth", ["1965.03", "1965年3月", "1965-03-15", None])
def test_a_birth_month_or_day_agreeing_with_the_id_number_is_accepted(society_a, birth):
    number = make_id_number(dt.date(1965, 3, 15))
    assert (
        errors(run_import(society_a, [HEADER, ["张三", None, birth, number, "理事", None, None]]))
        == []
    )
    assert Person.objects.get().birth_date == dt.date(1965, 3, 15)


@pytest.mark.django_db
def test_a_gender_conflicting_with_the_id_number_is_an_error(society_a):
    number = make_id_number(dt.date(1965, 3, 15), male=True)
    run = run_import(society_a, [HEADER, ["张三", "女", None, number, "理事", None, None]])
    assert errors(run) == ["第2行 「性别」：与身份证号码不符（身份证为男）"]


@pytest.mark.django_db
def test_an_id_number_with_an_impossible_birth_date_is_an_error(society_a):
    from xuehui.lib.identifiers import id_check_char

    first17 = "42010619650230123"
    run = run_import(
        society_a,
        [HEADER, ["张三", None, None, first17 + id_check_char(first17), "理事", None, None]],
    )
    assert errors(run) == ["第2行 「身份证号码」：身份证号码中的出生日期不存在"]


@pytest.mark.django_db
def test_an_existing_term_with_another_start_date_is_refused(society_a):
    make_term(society_a, number=3, start_on=dt.date(2021, 1, 1))
    run = run_import(society_a, [HEADER, ["张三", "男", "1965.03", None, "理事", None, None]])
    assert errors(run) == ["第3届已存在，开始日期为2021-01-01，与填写的2022-06-01不一致"]


@pytest.mark.django_db
def test_a_term_overlapping_another_is_refused_and_nothing_written(society_a):
    make_term(society_a, number=2, start_on=dt.date(2020, 1, 1), ended_on=dt.date(2024, 1, 1))
    run = run_import(society_a, [HEADER, ["张三", "男", "1965.03", None, "理事", None, None]])
    assert len(run.errors) == 1 and "重叠" in errors(run)[0]
    assert not Term.objects.filter(number=3).exists()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_start_date_after_the_term_and_an_end_before_the_start_are_errors(society_a):
    header = [*HEADER, "任职日期", "离任日期"]
    rows = [
        header,
        ["张三", "男", "1965.03", None, "理事", None, None, "2028-01-01", None],
        ["李四", "男", "1965.03", None, "理事", None, None, "2023-01-01", "2022-12-01"],
    ]
    assert errors(run_import(society_a, rows)) == [
        "第2行 「任职日期」：任职日期晚于本届结束日期（2027-06-01）",
        "第3行 「离任日期」：离任日期应晚于任职日期",
    ]


# ---------------------------------------------------------------- writing


@pytest.mark.django_db
def test_the_term_is_created_and_an_earlier_open_term_closed(society_a):
    previous = make_term(society_a, number=2, start_on=dt.date(2017, 6, 1))
    run_import(
        society_a,
        [HEADER, ["张三", "男", "1965.03", None, "理事", None, None]],
        end=dt.date(2027, 5, 31),
    )
    previous.refresh_from_db()
    assert previous.ended_on == START
    assert Term.objects.get(society=society_a, number=3).planned_end_on == dt.date(2027, 5, 31)


@pytest.mark.django_db
def test_reimporting_updates_people_and_replaces_the_terms_positions(society_a):
    rows = [
        HEADER,
        ["张三", "男", "1965.03", None, "理事长", None, "是"],
        ["李四", "男", "1966.03", None, "秘书长", "聘任", "否"],
        ["王五", "男", "1967.03", None, "理事", None, "是"],
    ]
    run_import(society_a, rows)
    zhang = Person.objects.get(name="张三")
    rows = [
        HEADER,
        ["张三", "男", "1965.03", None, "理事长", None, "否"],
        ["李四", "男", "1966.03", None, "秘书长", "选任", "否"],
        ["赵六", "女", "1980.01", None, "理事", None, "是"],
    ]
    run = run_import(society_a, rows)
    assert errors(run) == []
    assert Person.objects.filter(name="张三").count() == 1
    zhang.refresh_from_db()
    assert zhang.is_frontline is False
    assert offices_of(society_a) == {
        ("张三", Office.PRESIDENT),
        ("李四", Office.SECRETARY_GENERAL),
        ("赵六", Office.DIRECTOR),
    }
    assert Position.objects.get(person__name="李四").selection == Selection.ELECTED
    assert Person.objects.filter(name="王五").exists()  # the person stays; only the post goes
    assert run.outcome.created == ["赵六（理事）"]
    assert run.outcome.updated == ["张三（理事长）：基层一线科技工作者"]
    assert run.outcome.unchanged == ["李四（秘书长）"]
    assert "删除职务1个" in run.outcome.notes[0] and "更新职务1个" in run.outcome.notes[0]


@pytest.mark.django_db
def test_an_id_number_known_in_another_society_makes_a_record_of_this_society(society_a, society_b):
    number = make_id_number(dt.date(1965, 3, 15))
    someone = make_person(name="张三", birth_date=dt.date(1965, 3, 15), id_number=number)
    make_position(make_term(society_b), Office.DIRECTOR, person=someone)
    run = run_import(society_a, [HEADER, ["张三", None, None, number, "理事", None, None]])
    assert errors(run) == []
    ours = Person.objects.get(society=society_a)
    assert ours.pk != someone.pk and ours.identity_id == someone.identity_id
    assert someone.positions.count() == 1


@pytest.mark.django_db
def test_a_file_without_a_trait_column_stores_unknown_not_no(society_a):
    header = ["姓名", "出生年月", "学会职务"]
    run = run_import(society_a, [header, ["张三", "1965.03", "理事"]])
    assert errors(run) == []
    person = Person.objects.get(society=society_a)
    assert person.is_frontline is None and person.is_retired_official is None
    assert person.is_retired_cadre is None and person.member_unit_head is None


@pytest.mark.django_db
def test_the_new_traits_and_unknown_are_read_from_their_columns(society_a):
    header = ["姓名", "出生年月", "学会职务", "一线科技工作者", "会员单位负责人", "退休干部"]
    rows = [header, ["张三", "1965.03", "理事", "未填", "是", "否"]]
    assert errors(run_import(society_a, rows)) == []
    person = Person.objects.get(society=society_a)
    assert person.is_frontline is None
    assert person.member_unit_head is True and person.is_retired_cadre is False


@pytest.mark.django_db
def test_a_person_is_found_by_name_and_birth_month_only_among_the_societys_people(
    society_a, society_b
):
    ours = make_person(name="张三", birth_date=dt.date(1965, 3, 15))
    make_position(
        make_term(society_a, number=2, start_on=dt.date(2017, 6, 1), ended_on=START), person=ours
    )
    theirs = make_person(name="李四", birth_date=dt.date(1966, 3, 1))
    make_position(make_term(society_b), person=theirs)
    rows = [
        HEADER,
        ["张三", "男", "1965.03", None, "理事", None, None],
        ["李四", "男", "1966.03", None, "理事", None, None],
    ]
    assert errors(run_import(society_a, rows)) == []
    assert ours.positions.filter(term__number=3).exists()
    ours.refresh_from_db()
    assert ours.birth_date == dt.date(1965, 3, 15)  # 1965.03 does not blur a known day
    assert Person.objects.filter(name="李四").count() == 2  # not someone else's 李四


@pytest.mark.django_db
def test_two_namesakes_born_the_same_month_need_an_id_number(society_a):
    term = make_term(society_a, number=2, start_on=dt.date(2017, 6, 1), ended_on=START)
    for day in (3, 20):
        make_position(term, person=make_person(name="张三", birth_date=dt.date(1965, 3, day)))
    run = run_import(society_a, [HEADER, ["张三", "男", "1965.03", None, "理事", None, None]])
    assert errors(run) == [
        "第2行 「姓名」：本会有多名同名且出生年月相同的人员，请填写身份证号码以区分"
    ]


@pytest.mark.django_db
def test_a_blank_cell_leaves_a_persons_stored_value_alone(society_a):
    header = [*HEADER, "工作单位", "联系电话"]
    run_import(
        society_a,
        [header, ["张三", "男", "1965.03", None, "理事", None, "是", "武汉大学", "13800000000"]],
    )
    run = run_import(
        society_a, [header, ["张三", "男", "1965.03", None, "理事", None, None, None, None]]
    )
    person = Person.objects.get()
    assert (person.employer, person.phone, person.is_frontline) == ("武汉大学", "13800000000", True)
    assert run.outcome.unchanged == ["张三（理事）"]


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_but_says_what_it_would_do(society_a):
    run = run_import(
        society_a, [HEADER, ["张三", "男", "1965.03", None, "理事", None, None]], dry_run=True
    )
    assert run.outcome.created == ["张三（理事）"]
    assert not Term.objects.exists() and not Person.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_an_import_leaves_history_and_one_audit_record(society_a):
    run_import(society_a, [HEADER, ["张三", "男", "1965.03", None, "理事、常务理事", None, None]])
    assert Person.history.count() == 1
    assert Position.history.count() == 2
    entry = AuditEntry.objects.get(action="roster_import")
    assert entry.society == society_a and "新增1人" in entry.summary


@pytest.mark.django_db
def test_validation_takes_a_few_queries_however_many_rows(society_a, django_assert_max_num_queries):
    rows = [HEADER] + [[f"人员{i}", "男", "1965.03", None, "理事", None, "是"] for i in range(200)]
    importer = RosterImporter(actor=SYSTEM, society=society_a, term_number=3, term_start=START)
    with django_assert_max_num_queries(4):
        result = importer.parse_file(xlsx_bytes(rows), filename="a.xlsx")
    assert result.ok and len(result.rows) == 200


@pytest.mark.django_db
def test_writing_takes_a_bounded_number_of_queries(society_a):
    def count(n: int, term: int) -> int:
        rows = [HEADER] + [
            [f"人员{term}-{i}", "男", "1965.03", None, "理事", None, "是"] for i in range(n)
        ]
        importer = RosterImporter(
            actor=SYSTEM, society=society_a, term_number=term, term_start=dt.date(2000 + term, 1, 1)
        )
        result = importer.parse_file(xlsx_bytes(rows), filename="a.xlsx")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            importer.commit(result)
        return len(captured)

    small, large = count(10, 1), count(200, 2)
    # Bulk writes: only SQLite's batches of 999 parameters (~70 rows) add a few queries;
    # row-by-row saving would need over a thousand for 200 rows. The audit chain adds a few
    # per audited write (its head locked and moved), none per row.
    assert small < 38
    assert large < 60


@pytest.mark.parametrize(
    ("cell", "value"),
    [("是", True), ("√", True), ("否", False), ("×", False), ("", None), (None, None),
     ("未填", None), ("不详", None), (" 未知 ", None)],
)  # fmt: skip
def test_a_trait_cell_reads_yes_no_or_unknown(cell, value):
    assert parse_trait(cell) is value


@pytest.mark.parametrize("value", [True, False, None])
def test_a_trait_written_by_the_export_reads_back_the_same(value):
    assert parse_trait(trait_text(value)) is value


def test_a_trait_cell_that_is_neither_says_so():
    with pytest.raises(ValueError, match="应填写“是”或“否”"):
        parse_trait("大概")


@pytest.mark.django_db
def test_each_person_and_post_a_roster_import_writes_or_removes_has_an_audit_entry(society_a):
    number = make_id_number(dt.date(1966, 4, 5))
    header = ["姓名", "出生年月", "身份证号码", "学会职务", "工作单位"]
    first = [
        header,
        ["张三", "1965.03", None, "会长", "武汉大学"],
        ["李四", None, number, "理事", ""],
    ]
    assert run_import(society_a, first).ok
    zhang = Person.objects.get(name="张三")
    removed = Position.objects.get(person__name="李四")
    before = AuditEntry.objects.count()
    second = [header, ["张三", "1965.03", None, "会长", "湖北大学"]]
    assert run_import(society_a, second).ok
    entries = {e.action: e for e in AuditEntry.objects.order_by("pk")[before:]}
    assert set(entries) == {"person_update", "position_delete", "roster_import"}
    update = entries["person_update"]
    assert update.target_id == str(zhang.pk) and update.society_id == society_a.pk
    assert update.detail["changes"] == {"employer": ["武汉大学", "湖北大学"]}
    assert update.detail["source"] == "roster_import"
    deleted = entries["position_delete"]
    assert deleted.target_id == str(removed.pk)
    assert deleted.detail["old"]["office"] == removed.office
    created = AuditEntry.objects.filter(action="person_create", target_id=str(removed.person_id))
    assert created.get().detail["changes"]["id_number"][1].startswith(number[:3] + "***")
    assert number not in str(list(AuditEntry.objects.values_list("detail", flat=True)))
    assert AuditEntry.objects.filter(action="position_create").count() == 2


def test_a_candidates_list_as_a_word_table_imports_like_a_spreadsheet(society_a):
    from xuehui.lib.tests.test_excel_docx import docx_bytes

    born = dt.date(1965, 3, 14)
    id_number = make_id_number(born, male=False)
    rows = [
        ["序号", "姓名", "性别", "出生年月", "身份证号码", "学会职务"],
        ["1", "张三", "女", "1965.03\n（61岁）", id_number, "理事长"],
        ["2", "李四", "男", "6807", "", "理事"],
        ["法定代表人（签字）：", "", "", "（单位盖章）", "", ""],
        ["", "", "", "年  月  日", "", ""],
    ]
    run = run_import(society_a, None, data=docx_bytes(rows), filename="候选人名单.docx")
    assert run.ok, errors(run)
    assert "表格下方的说明、签字行已忽略（第4–5行）" in run.result.warnings
    zhang = Person.objects.get(name="张三")
    assert (zhang.gender, zhang.birth_date, zhang.id_number) == (Gender.FEMALE, born, id_number)
    assert Person.objects.get(name="李四").birth_date == dt.date(1968, 7, 1)
    assert offices_of(society_a) == {("张三", Office.PRESIDENT), ("李四", Office.DIRECTOR)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        "民革党员",
        "民盟盟员",
        "民建会员",
        "民进会员",
        "农工党党员",
        "致公党党员",
        "九三学社社员",
        "台盟盟员",
    ],
)
def test_a_named_democratic_party_is_kept_as_typed_and_counted_as_one(society_a, typed):
    rows = [["姓名", "出生年月", "政治面貌", "学会职务"], ["张三", "1965.03", typed, "理事"]]
    run = run_import(society_a, rows)
    assert run.ok, errors(run)
    person = Person.objects.get(name="张三")
    assert (person.political_status, person.democratic_party) == (
        PoliticalStatus.DEMOCRATIC_PARTY,
        typed,
    )
    again = run_import(society_a, [rows[0], ["张三", "1965.03", "群众", "理事"]])
    assert again.ok
    person.refresh_from_db()
    assert (person.political_status, person.democratic_party) == (PoliticalStatus.MASSES, "")


# ---------------------------------------------------------------- several sheets


def workbook(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


COUNCIL = [
    ["湖北省某学会第三届理事会名单"],
    HEADER,
    ["张三", "男", "1960.03", None, "理事长", None, "是"],
    ["李四", "女", "1962.05", None, "常务理事", None, "是"],
    ["王五", "男", "1963.07", None, "理事", None, "否"],
]
STANDING = [HEADER, ["张三", "男", "1960.03", None, "理事长", None, "是"],
            ["李四", "女", "1962.05", None, "常务理事", None, "是"]]  # fmt: skip
SUPERVISORS = [HEADER, ["赵六", "男", "1958.01", None, "监事长", None, "否"]]
NOTES = [["填表说明"], ["1. 学会职务按章程填写"], ["2. 出生年月格式为1965.03"]]


@pytest.mark.django_db
def test_a_workbook_of_council_standing_council_and_supervisors_is_one_term(society_a):
    data = workbook(
        {"理事会": COUNCIL, "常务理事会": STANDING, "监事会": SUPERVISORS, "填表说明": NOTES}
    )
    run = run_import(society_a, None, data=data)
    assert run.ok, errors(run)
    warnings = run.result.warnings
    assert (
        warnings[0]
        == "读取了工作表「理事会」（3行）、「常务理事会」（2行）、「监事会」（1行），合并为一届名册"
    )
    assert "工作表「填表说明」不是名册（如填表说明），未读取" in warnings
    assert any("「常务理事会」第2行与「理事会」第3行是同一人（张三）" in w for w in warnings)
    assert offices_of(society_a) == {
        ("张三", Office.PRESIDENT),
        ("李四", Office.STANDING_DIRECTOR),
        ("王五", Office.DIRECTOR),
        ("赵六", Office.CHIEF_SUPERVISOR),
    }
    assert Person.objects.filter(society=society_a).count() == 4


@pytest.mark.django_db
def test_reimporting_one_sheet_of_the_workbook_deletes_no_supervisor(society_a):
    data = workbook({"理事会": COUNCIL, "监事会": SUPERVISORS})
    assert run_import(society_a, None, data=data).ok
    again = run_import(society_a, COUNCIL)
    assert again.ok, errors(again)
    assert ("赵六", Office.CHIEF_SUPERVISOR) in offices_of(society_a)


@pytest.mark.django_db
def test_a_sheet_that_looks_like_data_but_is_no_roster_stops_the_import(society_a):
    other = [["序号", "单位", "金额"], [1, "甲", 100], [2, "乙", 200], [3, "丙", 300]]
    data = workbook({"理事会": COUNCIL, "经费": other})
    run = run_import(society_a, None, data=data)
    assert not run.ok
    assert any("工作表「经费」像是数据表，但没有找到名册表头" in e for e in errors(run))
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_an_error_on_a_second_sheet_names_the_sheet(society_a):
    bad = [HEADER, ["赵六", "男", "1958.13", None, "监事长", None, "否"]]
    run = run_import(society_a, None, data=workbook({"理事会": COUNCIL, "监事会": bad}))
    assert "「监事会」第2行 「出生年月」：月份13不存在" in errors(run)
    assert not Position.objects.exists()


# ---------------------------------------------------------------- one form per person


def person_form(name, gender, birth, id_number, office, employer="武汉大学 教授"):
    return [
        ["湖北省某学会拟任负责人基本情况表"],
        ["姓  名", name, "性别", gender, "出生年月", birth, "照片"],
        ["民族", "汉", "政治面貌", "中共党员", "学历", "博士研究生", None],
        ["身份证号码", id_number, None, None, "联系电话", "13800138000", None],
        ["工作单位及职务", employer, employer, employer, employer, employer, None],
        ["拟任职务", office, None, "是否专职", "否", None, None],
        ["主要工作简历", "1988年至今在武汉大学任教"],
        ["推荐单位意见", "同意推荐"],
        ["推荐单位负责人（签字）：", None, None, "（单位盖章）", None, "年  月  日"],
    ]


@pytest.mark.django_db
def test_a_workbook_of_one_form_per_person_imports_as_a_roster(society_a):
    people = [
        ("张三", "男", "1962.03", make_id_number(dt.date(1962, 3, 8)), "理事长"),
        ("李芳", "女", "1968.11", make_id_number(dt.date(1968, 11, 2), male=False), "副理事长"),
        ("王五", "男", "1975.06", make_id_number(dt.date(1975, 6, 30)), "秘书长（专职）"),
    ]
    data = workbook({p[0]: person_form(*p) for p in people})
    run = run_import(society_a, None, data=data)
    assert run.ok, errors(run)
    assert run.result.warnings[0] == "按“一人一表”读取了3张表：「张三」、「李芳」、「王五」"
    assert offices_of(society_a) == {
        ("张三", Office.PRESIDENT),
        ("李芳", Office.VICE_PRESIDENT),
        ("王五", Office.SECRETARY_GENERAL),
    }
    li = Person.objects.get(name="李芳")
    assert (li.gender, li.birth_date, li.employer, li.title) == (
        "female",
        dt.date(1968, 11, 2),
        "武汉大学",
        "教授",
    )
    assert li.phone == "13800138000" and li.political_status == "party_member"
    assert Position.objects.get(person__name="王五").is_full_time


@pytest.mark.django_db
def test_a_single_form_says_what_it_is_and_imports_one_person(society_a):
    form = person_form("张三", "男", "1962.03", make_id_number(dt.date(1962, 3, 8)), "理事长")
    run = run_import(society_a, form)
    assert run.ok, errors(run)
    assert run.result.warnings[0] == "按“一人一表”读取了1张表：「Sheet1」"
    assert offices_of(society_a) == {("张三", Office.PRESIDENT)}


@pytest.mark.django_db
def test_a_form_with_a_bad_value_names_its_sheet_and_writes_nothing(society_a):
    good = person_form("张三", "男", "1962.03", make_id_number(dt.date(1962, 3, 8)), "理事长")
    bad = person_form("李四", "男", "1962.13", "", "副理事长")
    run = run_import(society_a, None, data=workbook({"张三": good, "李四": bad}))
    assert any(e.startswith("「李四」第2行 「出生年月」") for e in errors(run))
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_a_yes_no_with_words_keeps_them_in_the_remarks_and_round_trips(society_a):
    from xuehui.governance.exporters import RosterExporter

    rows = [
        [*HEADER, "退休干部", "备注"],
        ["张三", "男", "1960.03", None, "理事长", None, "是（高校教师）", "否（在职）", "留任"],
    ]
    assert run_import(society_a, rows).ok
    person = Person.objects.get(name="张三")
    assert (person.is_frontline, person.is_retired_cadre) == (True, False)
    assert person.note == "留任；一线科技工作者：高校教师；退休干部：在职"
    term = Term.objects.get(society=society_a)
    again = RosterImporter(
        actor=SYSTEM, society=society_a, term_number=term.number, term_start=term.start_on
    ).run(RosterExporter(term).write_xlsx(), filename="名册.xlsx")
    assert again.ok, errors(again)
    person.refresh_from_db()
    assert person.note == "留任；一线科技工作者：高校教师；退休干部：在职"


def test_the_roster_reads_every_person_field_and_each_trait_as_yes_no_or_unknown():
    from xuehui.governance.importers import COLUMNS
    from xuehui.governance.models import PERSON_FIELDS, TRAIT_FIELDS
    from xuehui.lib.parsing import parse_trait

    keys = {column.key for column in COLUMNS}
    assert set(PERSON_FIELDS) <= keys
    assert {c.key for c in COLUMNS if c.parser is parse_trait} == set(TRAIT_FIELDS)
