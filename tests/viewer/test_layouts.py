"""Layout specs: grids, named custom layouts, parsing and validation."""

from __future__ import annotations

import pytest

from viewer.layouts import (
    CUSTOM_LAYOUTS,
    STANDARD_LAYOUTS,
    Cell,
    LayoutSpec,
    grid,
    layout_from_json,
    layout_to_json,
    parse_layout,
)


@pytest.mark.parametrize("rows", [1, 2, 3, 4])
@pytest.mark.parametrize("cols", [1, 2, 3, 4])
def test_grid_has_one_cell_per_position_in_reading_order(rows, cols):
    spec = grid(rows, cols)
    assert spec.name == f"{rows}x{cols}"
    assert len(spec) == rows * cols
    assert [(c.row, c.col) for c in spec.cells] == [(r, c) for r in range(rows) for c in range(cols)]
    assert all((c.row_span, c.col_span) == (1, 1) for c in spec.cells)


def test_one_plus_two_is_a_full_height_cell_left_and_two_stacked_right():
    spec = parse_layout("1+2")
    assert (spec.rows, spec.cols) == (2, 2)
    assert spec.cells == (Cell(0, 0, 2, 1), Cell(0, 1), Cell(1, 1))


def test_two_plus_one_keeps_reading_order_with_the_tall_cell_second():
    spec = parse_layout("2+1")
    assert spec.cells == (Cell(0, 0), Cell(0, 1, 2, 1), Cell(1, 0))


@pytest.mark.parametrize("name, big, small", [("1+3", Cell(0, 0, 3, 1), [(0, 1), (1, 1), (2, 1)]),
                                              ("3+1", Cell(0, 1, 3, 1), [(0, 0), (1, 0), (2, 0)])])
def test_one_and_three_layouts(name, big, small):
    spec = parse_layout(name)
    assert (spec.rows, spec.cols) == (3, 2)
    assert big in spec.cells
    assert sorted((c.row, c.col) for c in spec.cells if c != big) == small


@pytest.mark.parametrize("text, rows, cols", [("2x3", 2, 3), (" 2 X 3 ", 2, 3), ("4×4", 4, 4), ("1*2", 1, 2)])
def test_parse_grid_spellings(text, rows, cols):
    assert parse_layout(text) == grid(rows, cols)


@pytest.mark.parametrize("text", ["", "abc", "0x2", "5x1", "2x", "1+5", "2x2x2"])
def test_parse_rejects_unknown_layouts_with_a_helpful_message(text):
    with pytest.raises(ValueError) as info:
        parse_layout(text)
    message = str(info.value)
    assert repr(text) in message
    assert "1..4" in message


def test_parse_rejects_non_strings():
    with pytest.raises(TypeError):
        parse_layout(22)  # type: ignore[arg-type]


def test_overlapping_cells_are_rejected():
    with pytest.raises(ValueError, match="overlaps"):
        LayoutSpec("bad", 2, 2, (Cell(0, 0, 2, 2), Cell(1, 1), Cell(0, 1), Cell(1, 0)))


def test_holes_are_rejected():
    with pytest.raises(ValueError, match=r"\[\(1, 1\)\] are covered by no cell"):
        LayoutSpec("bad", 2, 2, (Cell(0, 0), Cell(0, 1), Cell(1, 0)))


@pytest.mark.parametrize("cell", [Cell(0, 1, 1, 2), Cell(-1, 0), Cell(0, 0, 0, 1)])
def test_cells_outside_the_grid_are_rejected(cell):
    with pytest.raises(ValueError, match="does not fit"):
        LayoutSpec("bad", 2, 2, (cell,))


def test_grids_larger_than_four_are_rejected():
    with pytest.raises(ValueError, match="1..4"):
        LayoutSpec("big", 5, 1, tuple(Cell(r, 0) for r in range(5)))


def test_every_custom_layout_tiles_its_grid():
    for spec in CUSTOM_LAYOUTS.values():
        covered = [pos for cell in spec.cells for pos in cell.covered()]
        assert sorted(covered) == [(r, c) for r in range(spec.rows) for c in range(spec.cols)], spec.name


def test_standard_layouts_are_unique_parse_back_and_include_the_app_shortcuts():
    names = [spec.name for spec in STANDARD_LAYOUTS]
    assert len(names) == len(set(names))
    assert all(parse_layout(spec.name) == spec for spec in STANDARD_LAYOUTS)
    # workstation/app/actions.py binds Alt+1..8 to these names
    assert {"1x1", "1x2", "2x1", "2x2", "1+2", "2x3", "3x3", "4x4"} <= set(names)


def test_layout_json_round_trip():
    assert layout_to_json(grid(2, 3)) == "2x3"
    assert layout_from_json("1+3") == CUSTOM_LAYOUTS["1+3"]
    custom = LayoutSpec("wide bottom", 2, 3, (Cell(0, 0), Cell(0, 1), Cell(0, 2), Cell(1, 0, 1, 3)))
    stored = layout_to_json(custom)
    assert stored == {"name": "wide bottom", "rows": 2, "cols": 3,
                      "cells": [[0, 0, 1, 1], [0, 1, 1, 1], [0, 2, 1, 1], [1, 0, 1, 3]]}
    assert layout_from_json(stored) == custom


@pytest.mark.parametrize("value", [3, {"rows": 2}, {"rows": 1, "cols": 1, "cells": [[0]]},
                                   {"rows": 1, "cols": 2, "cells": [[0, 0, 1, 1]]}])
def test_layout_json_rejects_malformed_values(value):
    with pytest.raises(ValueError):
        layout_from_json(value)
