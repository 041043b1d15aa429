"""Rebuild the confidence model: ``python -m aigap.extract.train_confidence [--extra GOLD --extra-docs DIR] [--output FILE]``.

Fits on the evaluation corpus's calib split, which no rule is written from (and reviewed claims given with
``--extra``, e.g. from ``aigap review export``), writes ``tables/confidence.json``.
"""

from __future__ import annotations

import sys

from .confidence import train

if __name__ == "__main__":
    sys.exit(train(sys.argv[1:]))
