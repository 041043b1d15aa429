"""reconcile: reference datasets, currency, evidence with intervals, conflicts and consensus."""

from __future__ import annotations

from .consensus import TOLERANCE, Conflict, Group, conflicts, estimates, evidence, reconcile
from .datasets import DatasetSpec, LoadReport, attribution, dataset_specs, load_reference
from .evidence import Evidence, claim_evidence, claim_figures, dataset_evidence
from .fx import to_usd

__all__ = [
    "TOLERANCE",
    "Conflict",
    "DatasetSpec",
    "Evidence",
    "Group",
    "LoadReport",
    "attribution",
    "claim_evidence",
    "claim_figures",
    "conflicts",
    "dataset_evidence",
    "dataset_specs",
    "estimates",
    "evidence",
    "load_reference",
    "reconcile",
    "to_usd",
]
