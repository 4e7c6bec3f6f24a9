"""The lock files (requirements/app.lock for a deployment, requirements/dev.lock for
development and CI) agree with pyproject.toml: every requirement is pinned to a version its
range admits, every pin carries its SHA-256, the deployment's pins are the development pins,
and the environment the tests run in was installed from the lock. `scripts/dev lock` writes
them; a range changed in pyproject.toml without it fails here, not on a deployment."""

import re
import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


@cache
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@cache
def pins(name: str) -> dict[str, tuple[str, int]]:
    """Package → (version, number of hashes) of one lock file."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    found: dict[str, tuple[str, int]] = {}
    # A requirement runs over continuation lines: its hashes follow it up to the next pin.
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = PIN.match(block)
        if match:
            found[canonicalize_name(match[1])] = (match[2], block.count("--hash=sha256:"))
    return found


def requirements(extra: str | None = None) -> list[Requirement]:
    project = pyproject()["project"]
    rows = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(row) for row in rows]


@pytest.mark.parametrize(
    ("lock", "reqs"),
    [
        ("app.lock", requirements()),
        ("dev.lock", requirements() + requirements("dev")),
    ],
)
def test_every_requirement_is_pinned_within_its_range(lock, reqs):
    locked = pins(lock)
    wrong = []
    for req in reqs:
        name = canonicalize_name(req.name)
        if name not in locked:
            wrong.append(f"{req.name}: not in requirements/{lock}")
        elif not req.specifier.contains(locked[name][0], prereleases=True):
            wrong.append(f"{req.name}: {locked[name][0]} outside {req.specifier}")
        wrong.extend(
            f"{req.name}[{extra}] → {dep}: not in requirements/{lock}"
            for extra in req.extras
            for dep in _extra_dependencies(req.name, extra)
            if canonicalize_name(dep) not in locked
        )
    assert not wrong, "run `scripts/dev lock`:\n" + "\n".join(wrong)


def _extra_dependencies(package: str, extra: str) -> list[str]:
    """The packages an installed distribution asks for with one of its extras."""
    found = []
    for row in metadata.requires(package) or []:
        req = Requirement(row)
        if req.marker and req.marker.evaluate({"extra": extra}) and not req.marker.evaluate():
            found.append(req.name)
    return found


def test_every_pin_has_its_hashes():
    for lock in ("app.lock", "dev.lock"):
        unhashed = [name for name, (_, hashes) in pins(lock).items() if not hashes]
        assert not unhashed, f"requirements/{lock} pins without a hash: {unhashed}"


def test_the_deployment_pins_are_the_development_pins():
    app, dev = pins("app.lock"), pins("dev.lock")
    assert set(app) <= set(dev)
    assert {name: app[name][0] for name in app} == {name: dev[name][0] for name in app}
    # The tools stay out of a deployment.
    for tool in ("pytest", "mypy", "ruff", "pip-audit", "moto"):
        assert tool in dev and tool not in app


def test_the_tests_run_on_the_locked_versions():
    installed = {}
    for dist in metadata.distributions():
        installed[canonicalize_name(dist.metadata["Name"])] = dist.version
    differ = {
        name: (version, installed.get(name))
        for name, (version, _) in pins("dev.lock").items()
        if name in installed and installed[name] != version
    }
    assert not differ, f"installed ≠ requirements/dev.lock (run `scripts/dev setup`): {differ}"
