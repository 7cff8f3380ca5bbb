"""`python -m allegation_letter` runs the `letter` command."""

from allegation_letter.cli import run

run()
