"""Rebuild the confidence model: ``python -m aigap.extract.train_confidence [--split NAME] [--extra GOLD
--extra-docs DIR] [--output FILE] [--cv]``.

Fits on the evaluation corpus's tune and calib splits (calib: documents no rule is written from) and
reviewed claims given with ``--extra`` (e.g. from ``aigap review export``); writes
``tables/confidence.json``. ``--cv`` prints the calibration of leave-one-document-out fits per split.
"""

from __future__ import annotations

import sys

from .confidence import train

if __name__ == "__main__":
    sys.exit(train(sys.argv[1:]))
