from __future__ import annotations

import csv
import json

from aigap.reconcile.datapackages import describe_folder, folders
from aigap.reconcile.datasets import dataset_specs, reference_dir


def test_shipped_descriptors_are_current_and_complete() -> None:
    described = set()
    for folder in folders():
        shipped = json.loads((reference_dir() / folder / "datapackage.json").read_text(encoding="utf-8"))
        assert shipped == describe_folder(folder), f"regenerate {folder}/datapackage.json"
        for res in shipped["resources"]:
            if res.get("x-loaded") is False:
                paths = res["path"] if isinstance(res["path"], list) else [res["path"]]
                assert all((reference_dir() / folder / p).is_file() for p in paths) and res["licenses"]
                continue
            path = reference_dir() / folder / res["path"]
            with path.open(encoding="utf-8-sig", newline="") as fh:
                assert [f["name"] for f in res["schema"]["fields"]] == next(csv.reader(fh))
            assert res["title"] and res["sources"] and res["licenses"][0]["name"] and res["x-attribution"]
            described.add(f"{folder}/{res['path']}")
        assert (reference_dir() / folder / "PROVENANCE.md").is_file()
    assert described == {s.path for s in dataset_specs()}
    shipped_csv = {p.relative_to(reference_dir()).as_posix() for p in reference_dir().rglob("*.csv")}
    listed = set(described)
    for folder in folders():
        for res in json.loads((reference_dir() / folder / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
            for p in res["path"] if isinstance(res["path"], list) else [res["path"]]:
                listed.add(f"{folder}/{p}")
    assert shipped_csv <= listed, shipped_csv - listed  # every shipped file is described
