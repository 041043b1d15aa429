"""Packaging stays installable and reproducible: every dependency has a lower and an upper bound, the
constraints file pins every one of them to a version its bounds allow, by name and version only (no
local paths or URLs: a fresh clone must install it), both README commands install with it, and the
``bench`` extra covers every third-party import of bench/."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _requirements(*extras: str) -> list[Requirement]:
    """The core dependencies and those of the named extras, following aigap[...] self-references."""
    seen: set[str] = set()
    out = [Requirement(r) for r in PROJECT["dependencies"]]
    todo = list(extras)
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for r in map(Requirement, PROJECT["optional-dependencies"][extra]):
            if canonicalize_name(r.name) == "aigap":
                todo += sorted(r.extras)
            else:
                out.append(r)
    return out


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.+!-]*)", line.strip())
            assert m, f"constraints.txt: {line!r} is not 'name==version' (a path or URL breaks a fresh clone's install)"
            pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def test_every_dependency_has_a_lower_and_an_upper_bound() -> None:
    unbounded = []
    for r in _requirements(*PROJECT["optional-dependencies"]):
        ops = {s.operator for s in r.specifier}
        if not ({"==", "==="} & ops or ({">=", ">", "~="} & ops and ({"<", "<="} & ops or "~=" in ops))):
            unbounded.append(str(r))
    assert unbounded == []


def test_constraints_pin_every_dependency_within_its_bounds() -> None:
    pins = _pins()
    missing, outside = [], []
    for r in _requirements(*PROJECT["optional-dependencies"]):
        if r.marker is not None and not r.marker.evaluate():
            continue
        version = pins.get(canonicalize_name(r.name))
        if version is None:
            missing.append(r.name)
        elif not r.specifier.contains(version, prereleases=True):
            outside.append(f"{r} pinned {version}")
    assert (missing, outside) == ([], [])


def test_readme_commands_install_with_the_constraints() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    installs = re.findall(r"^    python3 -m venv \.venv && \.venv/bin/pip install (.+?) &&", text, re.M)
    assert len(installs) == 2 and all("-c constraints.txt" in i for i in installs), installs


def test_check_latest_freezes_names_and_versions_only() -> None:
    # `pip freeze` writes "name @ file:///..." for a package installed from a local file: that line
    # in constraints.txt made every fresh install fail.
    lines = (ROOT / "scripts" / "check-latest").read_text(encoding="utf-8").splitlines()
    commands = [ln for ln in lines if not ln.lstrip().startswith("#")]
    assert not [ln for ln in commands if re.search(r"pip\"? freeze", ln)]
    assert any("list --format=freeze" in ln for ln in commands)


# Import names that differ from their distribution's name, for packages the test install lacks
# (packages_distributions() knows installed ones only; CI installs the test extra, not bench).
_DISTRIBUTION_OF = {"recognizers_suite": ["recognizers-text-suite"]}


def test_the_bench_extra_covers_every_import_of_bench() -> None:
    provided = {canonicalize_name(r.name) for r in _requirements("bench")}
    dists = {**_DISTRIBUTION_OF, **packages_distributions()}
    unmet = []
    for path in sorted((ROOT / "bench").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            for mod in mods:
                top = mod.split(".")[0]
                if top in sys.stdlib_module_names or top in ("aigap", "") or top in ("conftest",):
                    continue
                names = {canonicalize_name(d) for d in dists.get(top, [top])}
                if not names & provided:
                    unmet.append(f"{path.name}: {mod}")
    assert unmet == []


def test_parquet_without_its_extra_is_one_line_naming_the_extra(tmp_path: Path) -> None:
    # The core install has no pyarrow: the same interpreter over a copy of site-packages without it.
    import os
    import subprocess
    import sysconfig

    site = Path(sysconfig.get_paths()["purelib"])
    core = tmp_path / "site"
    core.mkdir()
    for entry in site.iterdir():
        if not entry.name.lower().startswith("pyarrow") and entry.suffix != ".pth":
            (core / entry.name).symlink_to(entry)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(core)]),
           "AIGAP_HOME": str(tmp_path / "home")}
    env.pop("AIGAP_DATABASE_URL", None)
    from aigap.store import Store

    (tmp_path / "home").mkdir()
    Store.open(f"sqlite:///{tmp_path / 'home' / 'aigap.db'}").close()  # an empty aigap database
    probe = subprocess.run([sys.executable, "-S", "-c", "import importlib.util as u; print(u.find_spec('pyarrow'))"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip() == "None", probe.stderr
    got = subprocess.run([sys.executable, "-S", "-m", "aigap", "export", str(tmp_path / "out"), "--format", "parquet"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert got.returncode != 0 and "Traceback" not in got.stderr
    assert got.stderr.splitlines()[0] == "error: Parquet export needs pyarrow, which is not installed", got.stderr
    assert "aigap[parquet]" in got.stderr and not (tmp_path / "out").exists()
    csv = subprocess.run([sys.executable, "-S", "-m", "aigap", "export", str(tmp_path / "csv")], env=env,
                         capture_output=True, text=True, timeout=300)
    assert csv.returncode == 0, csv.stderr  # the rest of the core install works without it
