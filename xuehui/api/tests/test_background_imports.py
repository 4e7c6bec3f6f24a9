"""Large API imports (issue 17 §7, as the pages' since the import performance work): a file
over XUEHUI_IMPORT_INLINE_BYTES is checked and then written by the pages' background jobs; the
API answers 202 with the job's address, which its owner alone reads (status, percent, the
report). A file at the threshold stays in the request. All or nothing either way.

Without a broker (the tests) a job runs at once in the request, so the 202's job has finished."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xuehui.jobs.models import Job
from xuehui.members.models import IndividualMember

from .conftest import ADMIN, OTHER_SECRETARY, SECRETARY

IMPORTS = "/api/imports/"


def register(rows: list[tuple]) -> bytes:
    book = Workbook()
    book.active.append(["会员编号", "姓名", "入会日期"])
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = register([(f"A{n}", f"会员{n}", "2019.01") for n in range(30)])
BAD = register([*((f"A{n}", f"会员{n}", "2019.01") for n in range(29)), ("A99", "", "2019.01")])


def upload(world, data: bytes, role: str = SECRETARY):
    body = {
        "kind": "members-individual",
        "society": world.society.pk,
        "file": SimpleUploadedFile("个人会员名册.xlsx", data),
    }
    return world.clients[role].post(IMPORTS, body, format="multipart")


@pytest.mark.parametrize(("threshold", "status"), [(0, 201), (-1, 202)])
def test_the_pages_threshold_decides_request_or_job(settings, world, threshold, status):
    settings.XUEHUI_IMPORT_INLINE_BYTES = len(GOOD) + threshold  # at the size: in the request
    response = upload(world, GOOD)
    assert response.status_code == status
    assert Job.objects.exists() == (status == 202)
    assert not IndividualMember.objects.exists()  # checked, nothing written


def test_a_large_file_is_checked_then_written_by_jobs(settings, world):
    settings.XUEHUI_IMPORT_INLINE_BYTES = 100
    client = world.clients[SECRETARY]
    accepted = upload(world, GOOD)
    assert accepted.status_code == 202
    body = accepted.json()
    assert accepted["Location"] == body["job"] and body["job"].startswith("http")
    check = client.get(body["job"]).json()
    assert check["status"] == "succeeded" and check["percent"] == 100 and not check["write"]
    assert check["report"]["ok"] and check["report"]["rows"] == 30
    assert check["report"]["summary"] and not check["report"]["written"]
    assert check["token"] == body["token"] and "sample" not in check["report"]
    assert not IndividualMember.objects.exists()
    # Looking again gets the same check; confirming starts the write.
    again = client.get(f"{IMPORTS}{body['token']}/")
    assert again.status_code == 202 and again.json()["job"] == body["job"]
    confirmed = client.post(f"{IMPORTS}{body['token']}/confirm/")
    assert confirmed.status_code == 202 and confirmed.json()["job"] != body["job"]
    write = client.get(confirmed.json()["job"]).json()
    assert write["write"] and write["status"] == "succeeded"
    assert write["report"]["written"] and write["report"]["created"] == 30
    assert IndividualMember.objects.filter(society=world.society).count() == 30
    again = client.post(f"{IMPORTS}{body['token']}/confirm/")  # once only, as a small file
    assert again.status_code == 409 and "无需再次导入" in again.json()["detail"]


def test_a_large_file_with_one_bad_row_writes_nothing(settings, world):
    settings.XUEHUI_IMPORT_INLINE_BYTES = 100
    client = world.clients[SECRETARY]
    body = upload(world, BAD).json()
    check = client.get(body["job"]).json()
    assert not check["report"]["ok"] and check["report"]["error_count"] == 1
    assert "第31行" in check["report"]["errors"][0]
    write = client.get(client.post(f"{IMPORTS}{body['token']}/confirm/").json()["job"]).json()
    assert write["status"] == "succeeded" and not write["report"]["written"]
    assert not IndividualMember.objects.exists()


def test_a_job_is_its_owners_alone(settings, world):
    settings.XUEHUI_IMPORT_INLINE_BYTES = 100
    job_url = upload(world, GOOD).json()["job"]
    for role in (ADMIN, OTHER_SECRETARY):
        response = world.clients[role].get(job_url)
        assert response.status_code == 404 and "未找到该任务" in response.json()["detail"]
    assert world.clients[SECRETARY].get(job_url).status_code == 200


def test_a_job_of_another_kind_is_not_an_import_job(world):
    job = Job.objects.create(
        task="xuehui.jobs.tasks.export", title="导出", user=world.users[SECRETARY]
    )
    assert world.clients[SECRETARY].get(f"/api/jobs/{job.pk}/").status_code == 404
