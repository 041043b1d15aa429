"""Inputs that are not plain readable files never stop the batch: a FIFO, a device, an unreadable
folder each become one rejection line; two files of one base name get two reachable ids."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aigap.sources import ingest
from aigap.store import Store

TEXT = "2024年中国AI企业融资约50亿元人民币，美国同类企业融资超过300亿美元。\n"


def _aigap(home: Path, *args: str, preexec: object = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIGAP_HOME": str(home)}
    env.pop("AIGAP_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "aigap", *args], capture_output=True, text=True, env=env,
                          timeout=120, preexec_fn=preexec)  # type: ignore[arg-type]


def test_fifo_and_device_are_rejected_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would block until a writer comes: the batch would hang
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    got = _aigap(tmp_path / "home", "ingest", str(fifo), "/dev/zero", str(good), "--format", "json")
    assert got.returncode == 2, got.stderr
    rep = json.loads(got.stdout)
    assert rep["stored"] == 1
    assert [r["reason"] for r in rep["rejected"]] == [
        f"{fifo}: not a regular file (a named pipe)", "/dev/zero: not a regular file (a character device)"]
    assert "Traceback" not in got.stderr and "MemoryError" not in got.stderr


def test_a_fifo_inside_a_folder_is_one_rejection_and_the_walk_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    os.mkfifo(folder / "sub" / "pipe.txt")
    os.mkfifo(folder / "notes.bin")  # not named like a document: a folder walk does not take it
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(TEXT.replace("50", "60"), encoding="utf-8")
    got = _aigap(tmp_path / "home", "ingest", "-r", str(folder), "--format", "json")
    assert got.returncode == 2, got.stderr
    rep = json.loads(got.stdout)
    assert rep["stored"] == 2
    assert [r["reason"] for r in rep["rejected"]] == [f"{folder / 'sub' / 'pipe.txt'}: not a regular file (a named pipe)"]


def test_a_file_is_read_no_further_than_the_cap(store: Store, tmp_path: Path) -> None:
    from aigap.sources import IngestOptions
    from aigap.sources.ingest import read_file
    from aigap.sources.inputs import Input

    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 5000)
    with pytest.raises(Exception, match="over the 1000-byte cap"):
        read_file(Input(name=str(big), path=big), IngestOptions(max_bytes=1000))
    assert read_file(Input(name=str(big), path=big), IngestOptions(max_bytes=5000)) == b"a" * 5000


def _drop_dac_override() -> None:
    """In the child: root without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH, so file modes bind it."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # PR_CAPBSET_DROP = 24: gone from the bounding set, so from exec's permitted set
        if libc.prctl(24, cap, 0, 0, 0) != 0 and os.geteuid() == 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.parametrize("flags", [[], ["-r"]], ids=["plain", "recursive"])
def test_an_unreadable_directory_is_one_rejection(tmp_path: Path, flags: list[str]) -> None:
    # With -r too: a folder the user named is never skipped without a word.
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(TEXT, encoding="utf-8")
    locked.chmod(0)
    good = tmp_path / "good.txt"
    good.write_text(TEXT.replace("50", "60"), encoding="utf-8")
    try:
        got = _aigap(tmp_path / "home", "ingest", *flags, str(locked), str(good), "--format", "json",
                     preexec=_drop_dac_override)
    finally:
        locked.chmod(0o755)
    if got.returncode != 2 and "prctl" in got.stderr:  # pragma: no cover - a system that forbids it
        pytest.skip("cannot drop CAP_DAC_OVERRIDE here")
    assert got.returncode == 2, got.stderr
    rep = json.loads(got.stdout)
    assert rep["stored"] == 1
    assert [r["reason"] for r in rep["rejected"]] == [f"{locked}: cannot read directory (Permission denied)"]


def test_an_unreadable_subfolder_under_r_is_one_rejection_and_the_rest_is_read(tmp_path: Path) -> None:
    top = tmp_path / "top"
    (top / "locked").mkdir(parents=True)
    (top / "locked" / "a.txt").write_text(TEXT, encoding="utf-8")
    (top / "z").mkdir()
    (top / "z" / "b.txt").write_text(TEXT.replace("50", "80"), encoding="utf-8")
    (top / "locked").chmod(0)
    try:
        got = _aigap(tmp_path / "home", "ingest", "-r", str(top), "--format", "json", preexec=_drop_dac_override)
    finally:
        (top / "locked").chmod(0o755)
    if got.returncode != 2 and "prctl" in got.stderr:  # pragma: no cover - a system that forbids it
        pytest.skip("cannot drop CAP_DAC_OVERRIDE here")
    assert got.returncode == 2, got.stderr
    rep = json.loads(got.stdout)
    assert rep["stored"] == 1  # the folder after the unreadable one is still read
    assert [r["reason"] for r in rep["rejected"]] == [f"{top / 'locked'}: cannot read directory (Permission denied)"]


def test_same_base_name_different_content_gets_a_reachable_id(store: Store, tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"
    for p, text in ((a, TEXT), (b, TEXT.replace("50", "70"))):
        p.parent.mkdir()
        p.write_text(text, encoding="utf-8")
    rep = ingest(store, [str(a), str(b)])
    assert rep.stored == 2
    first, second = (store.document(i) for i in rep.document_ids)
    assert first.doc_id == "report"  # the first keeps its plain id
    assert second.doc_id == f"report-{second.content_hash[:8]}"
    assert store.document(second.doc_id).id == second.id and store.document("report").id == first.id
    assert "70亿" in (store.document(second.doc_id).text or "")
    again = ingest(store, [str(b), str(a)])  # a rerun stores nothing and keeps the ids
    assert again.stored == 0 and again.duplicates == 2
    assert sorted(d.doc_id for d in store.documents()) == sorted(["report", second.doc_id])


def test_jsonl_dates_and_languages_take_one_shape_on_every_backend(store: Store, tmp_path: Path) -> None:
    """A record's ``published`` and ``lang`` are stored in the store's shapes, or the record is one
    rejection naming its field: PostgreSQL refused a 40-character date (varchar(32)) with a database
    message while SQLite kept it as written."""
    recs = [
        {"id": "iso", "text": "美国投资超过500亿美元。", "published": "2024-05-01T10:00:00.000000+08:00[Asia/Shanghai]",
         "lang": "zh-Hans-CN"},
        {"id": "month", "text": "中国投资超过300亿美元。", "published": "2024年5月", "lang": "ZH"},
        {"id": "bad", "text": "中国投资超过200亿美元。", "published": "x" * 40},
        {"id": "badlang", "text": "中国投资超过100亿美元。", "lang": "l" * 40},
    ]
    path = tmp_path / "recs.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    rep = ingest(store, [str(path)])
    assert rep.stored == 2
    got = {d.doc_id: (d.published, d.language) for d in store.documents()}
    assert got == {"iso": ("2024-05-01", "zh"), "month": ("2024-05", "zh")}
    reasons = [r for _, r in rep.rejected]
    assert len(reasons) == 2 and "published 'xxxx" in reasons[0] and "is not a date" in reasons[0]
    assert "lang 'llll" in reasons[1] and "not a language tag" in reasons[1]
    assert all(str(path) in r for r in reasons)


@pytest.mark.parametrize("url", ["HTTP://127.0.0.1:9/x", "Https://127.0.0.1:9/x"])
def test_an_upper_case_scheme_is_a_url(url: str) -> None:
    from aigap.sources.inputs import expand_inputs

    (item,) = expand_inputs([url])
    assert item.url == url and item.problem is None


@pytest.mark.parametrize("item", ["ftp://example.org/a.txt", "file:///etc/passwd", "data:text/plain,1", "javascript:alert(1)"])
def test_other_schemes_are_refused_by_name(item: str) -> None:
    from aigap.sources.inputs import expand_inputs

    (got,) = expand_inputs([item])
    assert got.problem == f"{item}: only http:// and https:// URLs are fetched, not {item.split(':')[0]}:"
    (path,) = expand_inputs(["C:/no/such/file.txt"])  # a drive letter is a path
    assert path.problem is not None and "no such file or directory" in path.problem
