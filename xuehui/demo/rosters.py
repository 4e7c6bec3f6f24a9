"""The roster plans: for each demo society, its terms and who holds which post in them.

Planning is pure (no database): the same seed, scale and demo date give the same people
with the same ID numbers, which is what lets the loader key them and load idempotently.
The current council is built to hit the profile's shares exactly (frontline, standing
council frontline, young and middle-aged); the previous term, where loaded, keeps those
who continue (连任) or were promoted, and fills the rest with people who have since left.
Last, a few retired officials also get a 理事 post in a second society of their 科协, which
records them itself: the same person across societies (中组发〔2014〕11号).
"""

import datetime as dt
import random
from dataclasses import dataclass, field, replace

from xuehui.governance.choices import Gender, Office, PoliticalStatus, Selection
from xuehui.governance.composition import Body, counts_in
from xuehui.lib.dates import add_years

from . import identities, pools
from .context import DemoContext
from .federations import FEDERATION_REGIONS
from .societies import SOCIETIES, Quirk, SocietySpec

YOUNG_MAX = 44  # a margin below 45, the age up to which the pages count 中青年
SENIOR_MIN = 47


@dataclass(eq=False)
class PersonPlan:
    name: str
    gender: str
    birth_date: dt.date
    id_number: str
    political_status: str
    education: str
    employer: str
    title: str
    phone: str
    is_frontline: bool = False
    is_retired_official: bool = False
    is_serving_official: bool = False

    @property
    def key(self) -> tuple:
        """How the loader finds this person again: the ID number, else name and birth date."""
        return ("id", self.id_number) if self.id_number else ("name", self.name, self.birth_date)


@dataclass(eq=False)
class PostPlan:
    person: PersonPlan
    office: str
    selection: str = ""
    is_full_time: bool = False
    is_paid: bool = False
    approval_ref: str = ""
    consecutive_terms: int = 1
    start_on: dt.date | None = None
    end_on: dt.date | None = None


@dataclass
class TermPlan:
    number: int
    start_on: dt.date
    planned_end_on: dt.date
    ended_on: dt.date | None
    posts: list[PostPlan] = field(default_factory=list)

    def holders(self, office: str) -> list[PersonPlan]:
        return [post.person for post in self.posts if post.office == office]


@dataclass
class SocietyPlan:
    spec: SocietySpec
    uscc: str
    founded_on: dt.date
    address: str
    phone: str
    terms: list[TermPlan]  # oldest first; the last is the current one

    @property
    def current(self) -> TermPlan:
        return self.terms[-1]

    @property
    def president(self) -> PersonPlan:
        return self.current.holders(Office.PRESIDENT)[0]

    @property
    def secretary_general(self) -> PersonPlan:
        """The 秘书长 in post on the demo date (the last appointed)."""
        return self.current.holders(Office.SECRETARY_GENERAL)[-1]


def society_plans(ctx: DemoContext) -> dict[str, SocietyPlan]:
    """Every society's plan by name, computed once per run and kept in the context."""
    if "society_plans" not in ctx.cache:
        taken = _Taken()
        plans = {spec.name: _SocietyPlanner(ctx, spec, taken).plan() for spec in SOCIETIES}
        _share_people(list(plans.values()), ctx.today)
        ctx.cache["society_plans"] = plans
    return ctx.cache["society_plans"]


SHARED_PEOPLE = 2  # retired officials who also sit on a second society's council


def _share_people(plans: list[SocietyPlan], today: dt.date) -> None:
    """Give a few approved, unpaid retired officials a 理事 post in another society of their
    科协 whose council keeps its 3/4 frontline and 1/3 young shares with them added."""
    used: set[str] = set()
    for source in plans:
        if len(used) >= 2 * SHARED_PEOPLE:
            return
        if source.spec.name in used or source.spec.quirks:
            continue
        post = next((p for p in source.current.posts if _shareable(p)), None)
        takers = [t for t in plans if post and _can_take(t, source, used, today)]
        if not takers:
            continue
        target = min(takers, key=lambda t: len(t.current.posts))  # the smallest council
        person = replace(post.person)  # the second society's own record of the same person
        target.current.posts.append(
            PostPlan(person=person, office=Office.DIRECTOR, approval_ref=post.approval_ref)
        )
        used |= {source.spec.name, target.spec.name}


def _shareable(post: PostPlan) -> bool:
    person = post.person
    return (
        post.office in (Office.VICE_PRESIDENT, Office.STANDING_DIRECTOR, Office.DIRECTOR)
        and person.is_retired_official
        and bool(person.id_number and post.approval_ref)
        and not post.is_paid
    )


def _can_take(target: SocietyPlan, source: SocietyPlan, used: set, today: dt.date) -> bool:
    if target is source or target.spec.name in used or target.spec.quirks:
        return False
    if target.spec.federation != source.spec.federation:
        return False
    council = {
        id(p.person): p.person
        for p in target.current.posts
        if counts_in(Body.COUNCIL, p.office, p.selection)
    }
    size = len(council) + 1  # with the retired official, neither frontline nor young
    frontline = sum(p.is_frontline for p in council.values())
    young = sum((today - p.birth_date).days < 46 * 365 for p in council.values())
    return frontline >= 0.8 * size and young >= 0.36 * size


@dataclass
class _Taken:
    """Identifiers already handed out in this run, so that no two people share one."""

    uscc: set = field(default_factory=set)
    ids: set = field(default_factory=set)
    names: set = field(default_factory=set)  # (name, birth date) of people without an ID


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _approval_ref(rng: random.Random, year: int) -> str:
    return f"鄂组干函〔{year}〕{rng.randrange(3, 160)}号"


class _SocietyPlanner:
    def __init__(self, ctx: DemoContext, spec: SocietySpec, taken: _Taken):
        self.ctx, self.spec, self.taken = ctx, spec, taken
        self.rng = ctx.rng_for("society", spec.name)
        self.today = ctx.today
        self.names_here: set[str] = set()

    def plan(self) -> SocietyPlan:
        rng, spec = self.rng, self.spec
        region = FEDERATION_REGIONS[spec.federation]
        uscc = identities.society_uscc(rng, region, self.taken.uscc)
        founded_on = dt.date(spec.founded, rng.randint(1, 12), rng.randint(1, 28))
        street = rng.choice(pools.STREETS[spec.federation])
        city = "宜昌市" if spec.federation == "yichang" else "武汉市"
        address = f"{city}{street}{rng.randint(1, 400)}号{rng.randint(2, 18)}楼"
        phone = identities.office_phone(rng, pools.AREA_CODES[spec.federation])
        current = self._current_term()
        terms = [current]
        if spec.previous_roster:
            terms.insert(0, self._previous_term(current))
        return SocietyPlan(spec, uscc, founded_on, address, phone, terms)

    # People -------------------------------------------------------------------------

    def person(
        self,
        *,
        age: int,
        on: dt.date | None = None,
        frontline: bool = False,
        male: bool | None = None,
        kind: str = "scientist",
        exact: bool = False,
        birth: dt.date | None = None,
    ) -> PersonPlan:
        """A new person `age` years old on `on` (the demo date by default).

        kind: scientist, leader (heads an institution), staff (secretariat),
        serving (现职领导干部) or retired (退（离）休领导干部)."""
        rng = self.rng
        male = rng.random() < 0.72 if male is None else male
        name = self._fresh_name(male)
        birth = birth or identities.birth_for_age(rng, age, on or self.today)
        if exact or rng.random() < 0.9:
            number = identities.id_number(rng, birth, male=male, taken=self.taken.ids)
        else:
            # Only 出生年月 is known: stored as the 1st, as the import does.
            number, birth = "", birth.replace(day=1)
            while (name, birth) in self.taken.names:
                name = self._fresh_name(male)
            self.taken.names.add((name, birth))
        employer, title = self._work(kind, frontline, age)
        return PersonPlan(
            name=name,
            gender=Gender.MALE if male else Gender.FEMALE,
            birth_date=birth,
            id_number=number,
            political_status=self._political_status(kind),
            education=self._education(kind, age),
            employer=employer,
            title=title,
            phone=identities.mobile(rng) if rng.random() < 0.85 else "",
            is_frontline=frontline,
            is_retired_official=kind == "retired",
            is_serving_official=kind == "serving",
        )

    def _fresh_name(self, male: bool) -> str:
        while True:
            name = identities.person_name(self.rng, male=male)
            if name not in self.names_here:
                self.names_here.add(name)
                return name

    def _political_status(self, kind: str) -> str:
        if kind in {"serving", "retired"}:
            return PoliticalStatus.PARTY_MEMBER
        draw = self.rng.random()
        for share, status in (
            (0.55, PoliticalStatus.PARTY_MEMBER),
            (0.58, PoliticalStatus.PROBATIONARY),
            (0.72, PoliticalStatus.DEMOCRATIC_PARTY),
            (0.82, PoliticalStatus.NON_PARTISAN),
        ):
            if draw < share:
                return status
        return PoliticalStatus.MASSES

    def _education(self, kind: str, age: int) -> str:
        if kind == "staff":
            return self.rng.choice(pools.EDUCATIONS_STAFF)
        if age <= YOUNG_MAX:
            return self.rng.choice(pools.EDUCATIONS_YOUNG)
        return self.rng.choice(pools.EDUCATIONS_SENIOR)

    def _work(self, kind: str, frontline: bool, age: int) -> tuple[str, str]:
        rng, category = self.rng, self.spec.category
        if kind in {"serving", "retired"}:
            authority = rng.choice(pools.AUTHORITIES[category])
            title = rng.choice(pools.OFFICIAL_TITLES)
            if kind == "retired":
                return f"{authority}（已退休）", f"原{title}"
            return authority, title
        if kind == "staff":
            return f"{self.spec.name}秘书处", rng.choice(pools.STAFF_TITLES)
        employer = rng.choice(pools.EMPLOYERS[category])
        if not frontline:
            leaders = pools.YOUNG_LEADER_TITLES if age <= YOUNG_MAX else pools.LEADER_TITLES
            return employer, rng.choice(leaders)
        titles = pools.YOUNG_TITLES if age <= 38 else pools.FRONTLINE_TITLES[category]
        return employer, rng.choice(titles)

    def _age(self, young: bool, low: int = SENIOR_MIN, high: int = 63) -> int:
        return self.rng.randint(33, YOUNG_MAX) if young else self.rng.randint(low, high)

    # The current term -----------------------------------------------------------------

    def _current_term(self) -> TermPlan:
        spec, rng = self.spec, self.rng
        start = _months_before(self.today, spec.term_months) + dt.timedelta(rng.randint(0, 20))
        number = spec.term_number(start)
        term = TermPlan(number, start, add_years(start, 5), None)
        council = _CouncilBuilder(self, term).build()
        term.posts = council
        for post in term.posts:
            post.consecutive_terms = min(post.consecutive_terms, number)
        return term

    def _previous_term(self, current: TermPlan) -> TermPlan:
        rng = self.rng
        ended = current.start_on
        start = _months_before(ended, 60 + rng.choice((0, 0, 2, 5))) + dt.timedelta(
            rng.randint(0, 20)
        )
        term = TermPlan(current.number - 1, start, add_years(start, 5), ended)
        term.posts = _PreviousBuilder(self, current, term).build()
        return term


class _CouncilBuilder:
    """The current term's posts, with the profile's shares met exactly."""

    def __init__(self, planner: _SocietyPlanner, term: TermPlan):
        self.p, self.term, self.spec, self.rng = planner, term, planner.spec, planner.rng
        self.n = planner.ctx.scaled(self.spec.council, 12)
        self.k = min(self.spec.vice_presidents, max(3, self.n // 6))
        self.quirks = self.spec.quirks

    def build(self) -> list[PostPlan]:
        slots = self._council_slots()
        self._assign_flags(slots)
        people = {index: self._council_person(slot) for index, slot in enumerate(slots)}
        posts = [
            PostPlan(people[i], slot["office"], **self._post_extras(slot))
            for i, slot in enumerate(slots)
            if slot["office"]
        ]
        posts += self._secretary_general_posts(slots, people)
        posts += self._deputies(slots, people)
        posts += self._supervisors()
        return posts

    # Who sits on the council, as slots to be filled with people.

    def _council_slots(self) -> list[dict]:
        spec = self.spec
        separate_sg = spec.sg_elected and Quirk.VICE_PRESIDENT_AS_SG not in self.quirks
        slots = [{"office": Office.PRESIDENT, "standing": True}]
        slots += [{"office": Office.VICE_PRESIDENT, "standing": True} for _ in range(self.k)]
        if separate_sg:  # an elected 秘书长 holds no other council post here
            slots.append({"office": "", "standing": True, "sg": True})
        standing = len(slots)
        if spec.has_standing_council:
            extra = max(0, round(self.n / 3) - standing)
            slots += [{"office": Office.STANDING_DIRECTOR, "standing": True} for _ in range(extra)]
        slots += [
            {"office": Office.DIRECTOR, "standing": False} for _ in range(self.n - len(slots))
        ]
        if Quirk.VICE_PRESIDENT_AS_SG in self.quirks:
            slots[1]["sg"] = True
        self._mark_officials(slots)
        return slots

    def _mark_officials(self, slots: list[dict]) -> None:
        """A retired official and a serving official among the 副理事长 of some societies
        (approved and unpaid: compliant); the 秘书长 is retired in two quirks."""
        rng = self.rng
        vps = [s for s in slots if s["office"] == Office.VICE_PRESIDENT and not s.get("sg")]
        # Few enough that the 理事长 and 副理事长 alone stay ≥ 2/3 frontline.
        if len(vps) >= 5 and rng.random() < 0.35:
            vps.pop()["kind"] = "retired"
        if len(vps) >= 6 and rng.random() < 0.3:
            vps.pop()["kind"] = "serving"
        if Quirk.VICE_PRESIDENT_THIRD_TERM in self.quirks:
            vps[0]["third_term"] = True

    def _assign_flags(self, slots: list[dict]) -> None:
        """Frontline and young flags, so the shares come out as the profile says."""
        spec, rng = self.spec, self.rng
        eligible = [s for s in slots if s.get("kind") is None and not self._sg_is_staff(s)]
        standing = [s for s in eligible if s["standing"]]
        others = [s for s in eligible if not s["standing"]]
        frontline_total = round(self.n * spec.frontline)
        # The counting rule puts the 理事长 and 副理事长 in the standing council even where
        # there are no 常务理事, so its share is set in every society.
        size = sum(1 for s in slots if s["standing"])
        wanted = min(len(standing), round(size * spec.standing_frontline))
        chosen = rng.sample(standing, wanted)
        chosen += rng.sample(others, min(len(others), max(0, frontline_total - wanted)))
        for slot in chosen:
            slot["frontline"] = True
        juniors = [
            s for s in eligible if s["office"] in {Office.DIRECTOR, Office.STANDING_DIRECTOR}
        ]
        rng.shuffle(juniors)
        seniors = [s for s in eligible if s["office"] == Office.VICE_PRESIDENT]
        for slot in (juniors + seniors)[: round(self.n * spec.young)]:
            slot["young"] = True

    def _sg_is_staff(self, slot: dict) -> bool:
        return bool(slot.get("sg")) and self.spec.sg_full_time and slot["office"] == ""

    def _council_person(self, slot: dict) -> PersonPlan:
        office, young, frontline = (
            slot["office"],
            slot.get("young", False),
            slot.get("frontline", False),
        )
        kind = slot.get("kind") or ("scientist" if frontline else "leader")
        if self._sg_is_staff(slot):
            kind = "staff"
        if office == Office.PRESIDENT:
            return self._president(frontline, kind)
        if kind == "retired":
            return self.p.person(age=self.rng.randint(61, 68), kind=kind)
        if kind == "serving":
            return self.p.person(age=self.rng.randint(48, 58), kind=kind)
        high = 66 if office == Office.VICE_PRESIDENT else 63
        low = 50 if office == Office.VICE_PRESIDENT else SENIOR_MIN
        if slot.get("sg"):  # the 秘书长 stays within the age limit of 62
            high = 58
        return self.p.person(age=self.p._age(young, low, high), frontline=frontline, kind=kind)

    def _president(self, frontline: bool, kind: str) -> PersonPlan:
        if Quirk.PRESIDENT_OVER_70 in self.quirks:
            # Turned 72 a month before the demo date; already 70 the day the term began.
            birth = add_years(self.p.today, -72) - dt.timedelta(days=30)
            assert birth <= add_years(self.term.start_on, -70)
            return self.p.person(
                age=72, frontline=frontline, male=True, kind=kind, exact=True, birth=birth
            )
        male = self.rng.random() < 0.88
        return self.p.person(
            age=self.rng.randint(52, 67), frontline=frontline, male=male, kind=kind
        )

    def _post_extras(self, slot: dict) -> dict:
        office, rng = slot["office"], self.rng
        extras = {"consecutive_terms": 2 if rng.random() < 0.4 else 1}
        if office == Office.PRESIDENT:
            if Quirk.PRESIDENT_OVER_70 in self.quirks:
                extras["consecutive_terms"] = 2
            if Quirk.PRESIDENT_THIRD_TERM in self.quirks:
                extras["consecutive_terms"] = 3
        if slot.get("third_term"):
            extras["consecutive_terms"] = 3
        if slot.get("kind") in {"retired", "serving"}:
            extras["approval_ref"] = _approval_ref(rng, self.term.start_on.year)
        return extras

    # The 秘书长, the 副秘书长 and the supervisors.

    def _secretary_general_posts(self, slots: list[dict], people: dict) -> list[PostPlan]:
        spec, rng, term = self.spec, self.rng, self.term
        holder = next((people[i] for i, s in enumerate(slots) if s.get("sg")), None)
        retired = {Quirk.PAID_RETIRED_OFFICIAL, Quirk.RETIRED_SG_WITHOUT_APPROVAL} & self.quirks
        if retired:  # retired at 60, in post since this term began, 62 at most now
            assert holder is None, "a retired 秘书长 here is appointed, not elected"
            holder = self.p.person(age=60, on=term.start_on, male=True, kind="retired")
        elif holder is None:
            kind = "staff" if spec.sg_full_time else "scientist"
            holder = self.p.person(
                age=rng.randint(38, 56), frontline=kind == "scientist", kind=kind
            )
        post = PostPlan(
            holder,
            Office.SECRETARY_GENERAL,
            selection=Selection.ELECTED if spec.sg_elected else Selection.APPOINTED,
            is_full_time=spec.sg_full_time,
            is_paid=spec.sg_full_time,
            consecutive_terms=2 if rng.random() < 0.4 else 1,
        )
        if Quirk.PAID_RETIRED_OFFICIAL in self.quirks:
            post.is_full_time = post.is_paid = True
            post.approval_ref = _approval_ref(rng, term.start_on.year)
        elif Quirk.RETIRED_SG_WITHOUT_APPROVAL in self.quirks:
            post.is_full_time = post.is_paid = False
        elif holder.is_retired_official or holder.is_serving_official:
            post.is_paid = False
        if Quirk.SG_APPOINTED_AT_63 not in self.quirks:
            return [post]
        # The first 秘书长 left fourteen months in; the successor was 63 when appointed.
        switch = _months_before(term.start_on, -14)
        post.end_on = switch
        successor = self.p.person(age=63, on=switch, frontline=False, male=True, exact=True)
        return [
            post,
            PostPlan(
                successor,
                Office.SECRETARY_GENERAL,
                selection=Selection.APPOINTED,
                start_on=switch,
            ),
        ]

    def _deputies(self, slots: list[dict], people: dict) -> list[PostPlan]:
        rng = self.rng
        count = 1 + (self.n >= 40) + (self.n >= 65)
        directors = [
            people[i]
            for i, s in enumerate(slots)
            if s["office"] == Office.DIRECTOR and s.get("kind") is None
        ]
        posts = []
        for _ in range(count):
            if directors and rng.random() < 0.5:  # a 理事 who is also 副秘书长
                person = directors.pop(rng.randrange(len(directors)))
            else:
                person = self.p.person(age=rng.randint(32, 52), kind="staff")
            full_time = person.employer.endswith("秘书处")
            posts.append(
                PostPlan(
                    person,
                    Office.DEPUTY_SECRETARY_GENERAL,
                    is_full_time=full_time,
                    is_paid=full_time,
                )
            )
        return posts

    def _supervisors(self) -> list[PostPlan]:
        rng = self.rng
        chief = self.p.person(age=rng.randint(52, 64), frontline=rng.random() < 0.6)
        posts = [PostPlan(chief, Office.CHIEF_SUPERVISOR)]
        for _ in range(2 if self.n < 50 else 3):
            young = rng.random() < 0.3
            person = self.p.person(age=self.p._age(young), frontline=rng.random() < 0.7)
            posts.append(PostPlan(person, Office.SUPERVISOR))
        return posts


class _PreviousBuilder:
    """The previous term: those who continue or were promoted, and those who have left."""

    PROMOTED_FROM = {
        Office.PRESIDENT: Office.VICE_PRESIDENT,
        Office.VICE_PRESIDENT: Office.STANDING_DIRECTOR,
        Office.STANDING_DIRECTOR: Office.DIRECTOR,
    }

    def __init__(self, planner: _SocietyPlanner, current: TermPlan, term: TermPlan):
        self.p, self.current, self.term, self.rng = planner, current, term, planner.rng
        self.spec = planner.spec

    def build(self) -> list[PostPlan]:
        posts = self._carried_over()
        held = {(post.person, post.office) for post in posts}
        for post in self.current.posts:
            lower = self.PROMOTED_FROM.get(post.office)
            if post.consecutive_terms != 1 or lower is None or self.rng.random() >= 0.5:
                continue
            if lower == Office.STANDING_DIRECTOR and not self.spec.has_standing_council:
                lower = Office.DIRECTOR
            if (post.person, lower) not in held and not self._holds_council_post(
                posts, post.person
            ):
                posts.append(PostPlan(post.person, lower))
                held.add((post.person, lower))
        return posts + self._leavers(posts)

    def _carried_over(self) -> list[PostPlan]:
        """Everyone in their second (or third) consecutive term held the post before."""
        posts = []
        for post in self.current.posts:
            if post.consecutive_terms < 2 or post.start_on is not None:
                continue
            approval = post.approval_ref and _approval_ref(self.rng, self.term.start_on.year)
            posts.append(
                PostPlan(
                    post.person,
                    post.office,
                    selection=post.selection,
                    is_full_time=post.is_full_time,
                    is_paid=post.is_paid,
                    approval_ref=approval,
                    consecutive_terms=post.consecutive_terms - 1,
                )
            )
        return posts

    @staticmethod
    def _holds_council_post(posts: list[PostPlan], person: PersonPlan) -> bool:
        council = {
            Office.PRESIDENT,
            Office.VICE_PRESIDENT,
            Office.STANDING_DIRECTOR,
            Office.DIRECTOR,
        }
        return any(p.person is person and p.office in council for p in posts)

    def _leavers(self, posts: list[PostPlan]) -> list[PostPlan]:
        """People who held the remaining posts and have not stayed on."""
        spec, rng, start = self.spec, self.rng, self.term.start_on
        counts = {office: len(self.current.holders(office)) for office in Office.values}
        counts[Office.SECRETARY_GENERAL] = 1
        counts[Office.DIRECTOR] -= rng.randint(0, 4)
        added = []
        for office in Office.values:
            have = sum(1 for p in posts if p.office == office)
            for _ in range(max(0, counts[office] - have)):
                added.append(self._leaver_post(office, spec, rng, start))
        return added

    def _leaver_post(self, office: str, spec: SocietySpec, rng: random.Random, start: dt.date):
        senior = office in {Office.PRESIDENT, Office.VICE_PRESIDENT}
        young = not senior and rng.random() < spec.young
        age = rng.randint(58, 66) if senior else self.p._age(young, SENIOR_MIN, 64)
        person = self.p.person(age=age, on=start, frontline=rng.random() < spec.frontline)
        post = PostPlan(person, office)
        if office == Office.SECRETARY_GENERAL:
            post.selection = Selection.ELECTED if spec.sg_elected else Selection.APPOINTED
        return post
