"""Take the user guide's pictures from the demo, so they show the pages as they are.

    .venv/bin/python scripts/guide_screenshots.py

Loads the demo into a new SQLite file, serves it, signs in as each demo account in the system
Chromium (Playwright) and writes every picture `xuehui.guide.pages.SHOTS` names to
xuehui/guide/static/guide/<name>.png. Run it again after a page the guide shows has changed.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "xuehui" / "guide" / "static" / "guide"
XUEHUI = ROOT / ".venv" / "bin" / "xuehui"
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(url: str, server: subprocess.Popen) -> None:
    for _ in range(120):
        if server.poll() is not None:
            sys.exit("服务未能启动")
        try:
            urlopen(url, timeout=2)  # noqa: S310 -- our own local server
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("服务启动超时")


def _paths() -> dict[str, str]:
    """The demo's own pages the shots name by role: a campaign, a secretary's, a review, the
    choosing of a pilot batch and a pilot society's page."""
    import django

    django.setup()
    from django.urls import reverse

    from xuehui.campaigns.choices import CampaignStatus, State
    from xuehui.campaigns.models import CampaignEntry
    from xuehui.pilots.models import PilotBatch, PilotMembership

    entries = CampaignEntry.objects.filter(campaign__status=CampaignStatus.OPEN)
    own = entries.filter(society__name="湖北省环境科学学会").first() or entries.first()
    reviewed = entries.filter(state__in=[State.IN_REVIEW, State.SUBMITTED]).first() or own
    return {
        "campaign": reverse("campaigns:detail", args=[own.campaign_id]),
        "entry": reverse("campaigns:entry", args=[own.pk]),
        "review": reverse("campaigns:review", args=[reviewed.pk]),
        "candidates": reverse(
            "pilots:candidates", args=[PilotBatch.objects.order_by("-year").first().pk]
        ),
        "pilot": reverse(
            "pilots:membership",
            args=[PilotMembership.objects.get(society__name="湖北省环境科学学会").pk],
        ),
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    folder = tempfile.mkdtemp(prefix="xuehui-guide-")
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{folder}/guide.sqlite3",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": "",
        "DEBUG": "1",  # the demo server, as `scripts/dev demo` runs it
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    subprocess.run([XUEHUI, "migrate", "--noinput"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([XUEHUI, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    paths = _paths()

    from xuehui.demo.accounts import ACCOUNTS
    from xuehui.demo.steps_campaigns import EXPERT
    from xuehui.guide.pages import SHOTS

    passwords = {spec.username: spec.password for spec in ACCOUNTS} | {EXPERT[0]: EXPERT[1]}
    port = _free_port()
    server = subprocess.Popen(
        [XUEHUI, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/accounts/login/", server)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            pages = {}
            for shot in SHOTS:
                if shot.username not in pages:
                    context = browser.new_context(
                        locale="zh-CN", viewport={"width": 1280, "height": 800}
                    )
                    page = context.new_page()
                    page.goto(base + "/accounts/login/")
                    page.fill("input[name=username]", shot.username)
                    page.fill("input[name=password]", passwords[shot.username])
                    page.click("button[type=submit]")
                    page.wait_for_load_state("networkidle")
                    pages[shot.username] = page
                page = pages[shot.username]
                page.goto(base + paths.get(shot.path, shot.path))
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / f"{shot.name}.png"))
                print(f"{shot.name}.png　{shot.caption}")
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
