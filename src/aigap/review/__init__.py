"""review: analysts correct claims. The corrections layer itself lives in ``aigap.store.review``
(``Store.review``); here are what is built on it: the review queue (``queue``) and gold data from
the corrections (``gold``)."""

from __future__ import annotations

from .gold import export_gold, score_stored
from .queue import STATUSES, influences, review_queue

__all__ = ["STATUSES", "export_gold", "influences", "review_queue", "score_stored"]
