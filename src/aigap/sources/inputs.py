"""Expanding what the user named (paths, directories, list files, JSON Lines, URLs) into a stream
of inputs, lazily: directories and JSON Lines are never loaded whole."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aigap.generated import HEAD_BYTES, PDF_ENDS, is_generated, is_generated_pdf

__all__ = ["DOCUMENT_SUFFIXES", "Input", "count_inputs", "expand_inputs"]

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx"})


@dataclass(frozen=True, slots=True)
class Input:
    """One document to read: a file, a URL, a JSON Lines record, or a problem found while listing."""

    name: str
    path: Path | None = None
    url: str | None = None
    record: dict[str, object] | None = None
    problem: str | None = None
    skip: str | None = None  # not read, not a rejection: why (e.g. a report aigap wrote)


def _is_url(s: str) -> bool:
    return s[:8].lower().startswith(("http://", "https://"))  # schemes are case-insensitive (RFC 3986)


# Another scheme (ftp:, file:, data:, javascript:): two letters or more, so C:\ stays a path.
_OTHER_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):")


@dataclass(frozen=True, slots=True)
class _Unreadable:
    """A folder met while walking that cannot be listed: one rejection, and the walk goes on."""

    folder: Path
    reason: str


def _walk(folder: Path, recursive: bool) -> Iterator[Path | _Unreadable]:
    """Document files in name order, depth first: the order of ``sorted(folder.rglob("*"))`` without
    listing the whole tree first (memory stays bounded by the largest single folder). A folder that
    cannot be listed is yielded as ``_Unreadable`` (rglob would skip it without a word)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield _Unreadable(folder, exc.strerror or str(exc))
        return
    for e in entries:
        p = folder / e.name
        if recursive and e.is_dir(follow_symlinks=False):
            yield from _walk(p, recursive)  # like rglob: symlinked folders are not followed
        elif not e.name.startswith(".") and p.suffix.lower() in DOCUMENT_SUFFIXES and not p.is_dir():
            # a FIFO or device named like a document is handed on too: read_file rejects it by its
            # mode without opening it, so it is one line of the report, not skipped without a word
            yield p


def _jsonl(path: Path) -> Iterator[Input]:
    try:
        fh = path.open("r", encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        yield Input(name=str(path), problem=f"{path}: cannot read ({exc.strerror})")
        return
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            name = f"{path}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Input(name=name, problem=f"{name}: invalid JSON ({exc.msg})")
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                yield Input(name=name, problem=f"{name}: record has no 'text' string")
                continue
            yield Input(name=name, record=rec)


# Only these can carry aigap's generator mark (its HTML, Markdown and PDF reports).
_MARKABLE = frozenset({".html", ".htm", ".md", ".markdown", ".pdf"})


def _file_input(path: Path) -> Input:
    """A file to read, or to skip when aigap wrote it (``ingest -r .`` next to its own reports)."""
    if path.suffix.lower() in _MARKABLE and path.is_file():  # never open a FIFO or a device to look
        pdf = path.suffix.lower() == ".pdf"
        try:
            with path.open("rb") as fh:
                head = fh.read(PDF_ENDS if pdf else HEAD_BYTES)
                tail = b""
                if pdf:
                    fh.seek(max(0, path.stat().st_size - PDF_ENDS))
                    tail = fh.read(PDF_ENDS)
        except OSError:
            head = tail = b""  # reading it properly will report the problem
        if is_generated_pdf(head, tail) if pdf else is_generated(head):
            return Input(name=str(path), path=path, skip=f"{path}: written by aigap (a report), not evidence")
    return Input(name=str(path), path=path)


def _one(item: str, recursive: bool) -> Iterator[Input]:
    if _is_url(item):
        yield Input(name=item, url=item)
        return
    path = Path(item).expanduser()
    if path.is_dir():
        for p in _walk(path, recursive):
            if isinstance(p, _Unreadable):  # one rejected input, not the batch's end
                name = item if p.folder == path else str(p.folder)
                yield Input(name=name, problem=f"{name}: cannot read directory ({p.reason})")
            else:
                yield _file_input(p)
    elif path.is_file() and path.suffix.lower() == ".jsonl":
        yield from _jsonl(path)
    elif path.exists():
        yield _file_input(path)
    elif (scheme := _OTHER_SCHEME.match(item)) is not None:
        yield Input(name=item, problem=f"{item}: only http:// and https:// URLs are fetched, not {scheme.group(1).lower()}:")
    else:
        yield Input(name=item, problem=f"{item}: no such file or directory")


def expand_inputs(inputs: list[str], *, recursive: bool = False, from_list: str | None = None,
                  jsonl: str | None = None) -> Iterator[Input]:
    for item in inputs:
        yield from _one(item, recursive)
    if from_list:
        lst = Path(from_list)
        try:
            lines = lst.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            yield Input(name=from_list, problem=f"{from_list}: cannot read list file ({exc.strerror})")
            lines = []
        for line in lines:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                yield from _one(entry, recursive)
    if jsonl:
        yield from _jsonl(Path(jsonl))


def _count_one(item: str, recursive: bool) -> int:
    path = Path(item).expanduser()
    if _is_url(item):
        return 1
    if path.is_dir():
        return sum(1 for _ in _walk(path, recursive))  # an unreadable folder counts once: one rejection
    if path.is_file() and path.suffix.lower() == ".jsonl":
        return _count_lines(path)
    return 1


def _count_lines(path: Path) -> int:
    """Non-blank lines, read in binary blocks: much cheaper than parsing the records."""
    n = 0
    try:
        with path.open("rb") as fh:
            for line in fh:
                n += bool(line.strip())
    except OSError:
        return 1
    return n


def count_inputs(inputs: list[str], *, recursive: bool = False, from_list: str | None = None,
                 jsonl: str | None = None) -> int:
    """About how many inputs ``expand_inputs`` yields (for a progress bar's ETA), without reading them."""
    n = sum(_count_one(i, recursive) for i in inputs)
    if from_list:
        try:
            lines = Path(from_list).read_text(encoding="utf-8-sig").splitlines()
        except OSError:
            lines = []
        n += sum(_count_one(e.strip(), recursive) for e in lines if e.strip() and not e.strip().startswith("#"))
    if jsonl:
        n += _count_lines(Path(jsonl))
    return n
