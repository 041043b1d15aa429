"""The demo corpus shipped in the package (``data/corpus``), and the stable URIs its documents are
stored under: ``aigap:corpus/<file name>``, the same on every machine, instead of ``file://`` URLs
that would carry the user's checkout or site-packages path into the database and its exports."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["CORPUS_URI_PREFIX", "bundled_corpus", "corpus_dir", "corpus_file", "corpus_uri"]

CORPUS_URI_PREFIX = "aigap:corpus/"


def corpus_dir() -> Path:
    return Path(str(resources.files("aigap").joinpath("data/corpus")))


def bundled_corpus() -> list[Path]:
    """The seed articles' text files, in name order."""
    return sorted(corpus_dir().glob("*.txt"))


def corpus_uri(path: Path) -> str | None:
    """``aigap:corpus/<name>`` when ``path`` is one of the bundled corpus files, else None."""
    try:
        resolved = path.resolve()
    except OSError:
        return None
    folder = corpus_dir().resolve()
    if resolved.parent == folder and resolved.is_file():
        return CORPUS_URI_PREFIX + resolved.name
    return None


def corpus_file(name: str) -> Path | None:
    """A bundled corpus file named by its file name or document id (``000_7b3d7fe55a70b5a2`` or
    ``000_7b3d7fe55a70b5a2.txt``), else None."""
    if not name or "/" in name or "\\" in name:
        return None
    for candidate in (name, f"{name}.txt"):
        p = corpus_dir() / candidate
        if p.is_file():
            return p
    return None
