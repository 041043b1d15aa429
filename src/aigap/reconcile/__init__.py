"""reconcile: reference datasets, observations, currency, conflicts and consensus."""

from __future__ import annotations

from .datasets import DatasetSpec, LoadReport, attribution, dataset_specs, load_reference

__all__ = ["DatasetSpec", "LoadReport", "attribution", "dataset_specs", "load_reference"]
