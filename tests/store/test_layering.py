"""Stages go through the store's API (``aigap.store.Store``), never its tables: no module outside
``aigap/store`` imports SQLAlchemy or the schema, or opens the store's engine itself."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "aigap"


def _violations(path: Path, root: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:  # relative: "from ..store import schema" is aigap.store.schema too
                pkg = ("aigap", *path.relative_to(root).parent.parts)
                base = pkg[: len(pkg) - (node.level - 1)]
                mod = ".".join([*base, mod] if mod else base)
            names = [mod] + [f"{mod}.{a.name}" for a in node.names]
        for n in names:
            if n.split(".")[0] == "sqlalchemy" or n.startswith(("aigap.store.schema", "aigap.store.bulk")):
                out.append(f"{path.relative_to(root)}:{node.lineno} imports {n}")
        if isinstance(node, ast.Attribute) and node.attr in ("connect", "begin") \
                and isinstance(node.value, ast.Attribute) and node.value.attr == "engine":
            out.append(f"{path.relative_to(root)}:{node.lineno} opens the engine (.engine.{node.attr})")
    return out


def test_stages_use_the_store_api_not_its_tables() -> None:
    found = [v for p in sorted(SRC.rglob("*.py")) if "store" not in p.relative_to(SRC).parts[:1]
             for v in _violations(p)]
    assert found == []


def test_relative_imports_of_the_schema_are_seen(tmp_path: Path) -> None:
    probe = tmp_path / "aigap" / "sources" / "probe.py"  # as if in src/aigap/sources; parsed, never run
    probe.parent.mkdir(parents=True)
    probe.write_text("from ..store import schema\nfrom ..store.bulk import x\nfrom . import ingest\n", encoding="utf-8")
    assert [v.split(" imports ")[1] for v in _violations(probe, tmp_path / "aigap")] == [
        "aigap.store.schema", "aigap.store.bulk", "aigap.store.bulk.x"]
