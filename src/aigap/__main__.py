"""``python -m aigap``: the same as the ``aigap`` command."""

from aigap.cli import main

main()
