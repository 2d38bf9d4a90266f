"""User-supplied labour-market tables and ISCO skill levels."""

from __future__ import annotations

import pytest

from matcher.transitions.isco_levels import isco_skill_level
from matcher.transitions.labour_market import LabourMarketTable
from taxonomy.errors import BadInputError
from tests.esco_fixture import OCCUPATION

NURSE = OCCUPATION["nurse"].uri


def test_scores_are_rescaled_and_the_most_specific_row_wins():
    table = LabourMarketTable.from_text(
        f"occupation,region,score\n{NURSE},Midden-Utrecht,2.0\n{NURSE},,1.0\n5223,,0.0\n52,,0.5\n"
    )
    assert table.demand(NURSE, "2221", "midden-utrecht").demand == 1.0
    assert table.demand(NURSE, "2221", "Twente").demand == 0.5
    assert table.demand("http://data.europa.eu/esco/occupation/x", "5223").demand == 0.0
    assert table.demand("http://data.europa.eu/esco/occupation/x", "5230").demand == 0.25
    assert table.demand("http://data.europa.eu/esco/occupation/x", "9111") is None


def test_kansrijk_flags_and_semicolon_csv():
    table = LabourMarketTable.from_text("occupation;kansrijk\n2221;ja\n5223;nee\n")
    assert table.demand(NURSE, "2221").demand == 1.0
    assert table.demand("u", "5223").demand == 0.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("occupation,region\n2221,x\n", "score"),
        ("occupation,score\nverpleegkundige,1\n", "neither an ESCO occupation URI"),
        ("occupation,score\n2221,veel\n", "not a number"),
        ("occupation,kansrijk\n2221,misschien\n", "not ja/nee"),
        ("occupation,score\n", "no rows"),
    ],
)
def test_bad_tables_are_rejected_with_the_line(text, message):
    with pytest.raises(BadInputError, match=message):
        LabourMarketTable.from_text(text)


def test_missing_file_is_a_bad_input(tmp_path):
    with pytest.raises(BadInputError, match="not found"):
        LabourMarketTable.from_csv(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("9112", 1),
        ("5223", 2),
        ("3258", 3),
        ("2221", 4),
        ("1120", 4),
        ("C0110", 4),
        ("0310", 1),
        ("", None),
        ("x12", None),
    ],
)
def test_isco_skill_levels_follow_isco08(code, level):
    assert isco_skill_level(code) == level
