"""The indicator catalogue (``data/indicators.yaml``), loaded and validated through pydantic."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from aigap.errors import NotFound

__all__ = ["Catalogue", "Indicator", "Pillar", "catalogue", "cue_words"]


class Pillar(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    en: str
    zh: str


class Indicator(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    pillar: str
    unit: str
    better: Literal["higher", "lower", "none"]
    en: str
    zh: str
    definition: str
    source: str
    definition_zh: str = ""  # the definition in Chinese, for 中文 pages and reports

    def definition_in(self, lang: str = "en") -> str:
        return (self.definition_zh or self.definition) if lang == "zh" else self.definition

    def name(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def cues(self) -> list[str]:
        """The extraction cue words for this indicator (``aigap/extract/tables/cues.yaml``)."""
        return cue_words().get(self.id, [])


class Catalogue(BaseModel):
    model_config = ConfigDict(frozen=True)
    pillars: dict[str, Pillar]
    indicators: dict[str, Indicator]

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise NotFound(f"unknown indicator {indicator_id!r}", hint="see aigap data indicators") from None

    def in_pillar(self, pillar: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.pillar == pillar]


@cache
def cue_words() -> dict[str, list[str]]:
    text = resources.files("aigap").joinpath("extract/tables/cues.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    return {k: [str(c) for c in (v.get("strong", []) + v.get("cues", []))] for k, v in raw.items()}


@cache
def catalogue() -> Catalogue:
    text = resources.files("aigap").joinpath("data/indicators.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    pillars = {k: Pillar(id=k, **v) for k, v in raw["pillars"].items()}
    indicators = {d["id"]: Indicator(**d) for d in raw["indicators"]}
    for ind in indicators.values():
        if ind.pillar not in pillars:
            raise ValueError(f"indicator {ind.id} names unknown pillar {ind.pillar}")
    return Catalogue(pillars=pillars, indicators=indicators)
