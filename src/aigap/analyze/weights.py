"""Composite weights: presets (``weights.yaml``) or a user's YAML file."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from aigap.errors import InputError
from aigap.indicators import catalogue

__all__ = ["Weights", "load_weights", "presets"]


@dataclass(frozen=True, slots=True)
class Weights:
    name: str
    pillars: dict[str, float]
    indicators: dict[str, float] = field(default_factory=dict)  # default 1 within a pillar
    title: str = ""
    source: str = ""
    note: str = ""
    excluded: dict[str, str] = field(default_factory=dict)  # pillar -> why the weights leave it out
    title_zh: str = ""  # the title in Chinese, for 中文 pages and reports
    label_zh: str = ""  # the preset's short name in Chinese ("等权"); the name itself when empty

    def pillar(self, pid: str) -> float:
        return self.pillars.get(pid, 0.0)

    def indicator(self, iid: str) -> float:
        return self.indicators.get(iid, 1.0)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "source": self.source, "note": self.note,
                "pillars": self.pillars, "indicators": self.indicators, "excluded": self.excluded,
                "title_zh": self.title_zh, "label_zh": self.label_zh}

    def label(self, lang: str) -> str:
        """The short name a sentence uses: "equal", "等权"."""
        return (self.label_zh or self.name) if lang == "zh" else self.name


@cache
def presets() -> dict[str, dict[str, Any]]:
    text = resources.files("aigap.analyze").joinpath("weights.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)["presets"]
    return data


_KEYS = ("pillars", "indicators", "title", "source", "note", "excluded", "title_zh", "label_zh")


def _known_indicator(iid: str) -> bool:
    from .frontier import measures

    if iid.startswith("best_model:"):
        return iid.split(":", 1)[1] in measures()
    return iid in catalogue().indicators


def _build(name: str, spec: Any, where: str) -> Weights:
    if not isinstance(spec, dict) or not isinstance(spec.get("pillars", {}), dict):
        raise InputError(f"{where}: weights must be a mapping with 'pillars' (and optionally 'indicators')")
    unknown = [str(k) for k in spec if k not in _KEYS]
    if unknown:  # a misspelt key would otherwise be ignored without a word
        raise InputError(f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
                         f"a weights file has {', '.join(_KEYS)}")
    if not isinstance(spec.get("indicators") or {}, dict) or not isinstance(spec.get("excluded") or {}, dict):
        raise InputError(f"{where}: 'indicators' and 'excluded' must be mappings")
    pillars = {str(k): v for k, v in (spec.get("pillars") or {}).items()}
    indicators = {str(k): v for k, v in (spec.get("indicators") or {}).items()}
    known_p = set(catalogue().pillars)
    for k, v in pillars.items():
        if k not in known_p:
            raise InputError(f"{where}: unknown pillar {k!r}; pillars are {', '.join(sorted(known_p))}")
        if not isinstance(v, int | float) or v < 0:
            raise InputError(f"{where}: weight of pillar {k!r} must be a number >= 0, not {v!r}")
    for k, v in indicators.items():
        if not _known_indicator(k):
            raise InputError(f"{where}: unknown indicator {k!r}; see `aigap data indicators` (or best_model:<measure>)")
        if not isinstance(v, int | float) or v < 0:
            raise InputError(f"{where}: weight of indicator {k!r} must be a number >= 0, not {v!r}")
    if not pillars:
        pillars = dict.fromkeys(known_p, 1.0)
    if sum(pillars.values()) <= 0:
        raise InputError(f"{where}: at least one pillar needs a positive weight")
    excluded = {str(k): str(v) for k, v in (spec.get("excluded") or {}).items() if not pillars.get(str(k))}
    for k in excluded:
        if k not in known_p:
            raise InputError(f"{where}: unknown pillar {k!r} in 'excluded'; pillars are {', '.join(sorted(known_p))}")
    return Weights(name, {k: float(v) for k, v in pillars.items()}, {k: float(v) for k, v in indicators.items()},
                   str(spec.get("title", "")), str(spec.get("source", "")), str(spec.get("note", "")), excluded,
                   str(spec.get("title_zh", "")), str(spec.get("label_zh", "")))


def load_weights(spec: str | None = None, overrides: dict[str, float] | None = None) -> Weights:
    """A preset name (``equal``, ``gaii``) or a YAML file path; ``overrides`` set pillar weights."""
    name = spec or "equal"
    if name in presets():
        w = _build(name, presets()[name], f"preset {name!r}")
    else:
        path = Path(name)
        if not path.is_file():
            raise InputError(f"weights {name!r}: not a preset ({', '.join(presets())}) nor a readable file")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise InputError(f"weights {name!r}: cannot read it as YAML ({type(exc).__name__})") from exc
        w = _build(path.name, data, f"weights {name!r}")
    if overrides:
        merged = {**w.pillars, **overrides}
        w = _build(w.name + "+custom", {"pillars": merged, "indicators": w.indicators, "title": w.title,
                                         "source": w.source, "note": w.note, "excluded": w.excluded,
                                         "title_zh": w.title_zh,
                                         "label_zh": f"{w.label_zh}（自定义）" if w.label_zh else ""},
                   "weight overrides")
    return w
