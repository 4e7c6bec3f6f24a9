"""`xuehui pilot-programme`: create or update a programme (and a batch), with exit codes 0/1/2."""

import io

import pytest
from django.core.management import call_command

from xuehui.pilots.models import PilotBatch, PilotProgramme
from xuehui.rules.tests.factories import load_library_framework


def _run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("pilot_programme", *args, stdout=out, stderr=err, **options)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def frameworks(db):
    load_library_framework("jiangxi-3h-2022")


def test_create_then_update_then_nothing_to_do(federation, frameworks):
    args = ("jiangxi-3h", "--name", "江西三化试点", "--framework", "jiangxi-3h-2022",
            "--federation", federation.code, "--standards", "4")  # fmt: skip
    code, out, _ = _run(*args)
    assert code == 0 and "已新建试点项目" in out
    programme = PilotProgramme.objects.get(key="jiangxi-3h")
    assert (programme.federation, programme.standards_key) == (federation, "4")
    code, out, _ = _run(*args[:2], "江西省三化建设试点", *args[3:])
    assert code == 0 and "项目名称" in out
    code, out, _ = _run(*args[:2], "江西省三化建设试点", *args[3:])
    assert code == 0 and "无需修改" in out


def test_a_batch_takes_the_documents_phases(federation, frameworks):
    code, out, _ = _run("jiangxi-3h", "--name", "江西三化试点", "--framework", "jiangxi-3h-2022",
                        "--federation", federation.name, "--batch", "2028")  # fmt: skip
    assert code == 0
    batch = PilotBatch.objects.get(programme__key="jiangxi-3h", year=2028)
    phases = list(batch.phases.order_by("position"))
    assert [p.name for p in phases][:2] == ["确定试点学会", "制定实施方案"]
    assert phases[1].ends_on.isoformat() == "2028-02-29"  # 2月下旬 of a leap year
    assert phases[-1].starts_on.year == 2029
    assert not any(p.is_overdue_on(phases[0].starts_on) for p in phases)
    assert "2028-02-01" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("Bad_Key", "--framework", "jiangxi-3h-2022"), 2, "项目代码"),
        (("x-3h", "--framework", "nope"), 2, "政策框架"),
        (("x-3h", "--framework", "jiangxi-3h-2022", "--standards", "99"), 1, "没有编号为“99”"),
    ],
)
def test_wrong_input_exits_with_its_code(federation, frameworks, args, code, message):
    key, *rest = args
    got, _, err = _run(key, "--name", "试点", "--federation", federation.code, *rest)
    assert got == code and message in err
    assert not PilotProgramme.objects.exists()


def test_an_unknown_federation_exits_2(frameworks):
    code, _, err = _run("x-3h", "--name", "试点", "--framework", "jiangxi-3h-2022",
                        "--federation", "nowhere")  # fmt: skip
    assert code == 2 and "未找到科协" in err
