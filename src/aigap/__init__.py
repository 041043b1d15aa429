"""aigap: an observatory of the AI race between countries.

``aigap.open()`` returns an ``Observatory`` over the configured database (see ``aigap.api``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aigap.api import Observatory

__version__ = "0.1.0"
__all__ = ["__version__", "open"]


def open(db: str | None = None) -> Observatory:
    """The evidence database as DataFrames; ``db`` as the CLI's ``--db`` (default: AIGAP_DATABASE_URL
    or the SQLite file under AIGAP_HOME). Imported lazily: the CLI need not load pandas."""
    from aigap.api import open_observatory

    return open_observatory(db)
