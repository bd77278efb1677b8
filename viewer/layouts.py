"""Viewport layouts as plain values: regular grids (1x1..4x4) and named custom layouts.

A :class:`LayoutSpec` says where each viewport goes in a ``rows x cols`` grid; the Qt grid
widget places one viewport per cell, in the order of :attr:`LayoutSpec.cells` (reading
order: top to bottom, left to right by each cell's top-left corner). Hanging protocols
refer to viewports by that index, so the order is part of the contract. No Qt here: the
specs are parsed from toolbar choices, settings and protocol files, and tested headless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: Largest grid in either direction (the grid widget stretches at most 4 rows/columns).
MAX_CELLS_PER_SIDE = 4


@dataclass(frozen=True)
class Cell:
    """One viewport's place: top-left ``(row, col)`` and how many rows/columns it spans."""

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1

    def covered(self) -> set[tuple[int, int]]:
        """The ``(row, col)`` grid positions this cell occupies."""
        return {(r, c) for r in range(self.row, self.row + self.row_span)
                for c in range(self.col, self.col + self.col_span)}


@dataclass(frozen=True)
class LayoutSpec:
    """A named arrangement of viewports.

    Raises
    ------
    ValueError
        If the grid is empty or larger than 4x4, a cell lies outside the grid, two cells
        overlap, or some grid position is covered by no cell (a hole would show nothing
        and confuse "viewport n" in hanging protocols).
    """

    name: str
    rows: int
    cols: int
    cells: tuple[Cell, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", tuple(self.cells))
        if not (1 <= self.rows <= MAX_CELLS_PER_SIDE and 1 <= self.cols <= MAX_CELLS_PER_SIDE):
            raise ValueError(f"layout {self.name!r}: rows and cols must be 1..{MAX_CELLS_PER_SIDE}, "
                             f"got {self.rows}x{self.cols}")
        seen: set[tuple[int, int]] = set()
        for cell in self.cells:
            if cell.row_span < 1 or cell.col_span < 1 or cell.row < 0 or cell.col < 0 \
                    or cell.row + cell.row_span > self.rows or cell.col + cell.col_span > self.cols:
                raise ValueError(f"layout {self.name!r}: {cell} does not fit a {self.rows}x{self.cols} grid")
            overlap = seen & cell.covered()
            if overlap:
                raise ValueError(f"layout {self.name!r}: {cell} overlaps another cell at {sorted(overlap)}")
            seen |= cell.covered()
        holes = {(r, c) for r in range(self.rows) for c in range(self.cols)} - seen
        if holes:
            raise ValueError(f"layout {self.name!r}: grid positions {sorted(holes)} are covered by no cell")

    def __len__(self) -> int:
        return len(self.cells)


def grid(rows: int, cols: int) -> LayoutSpec:
    """A regular ``rows x cols`` grid named ``"RxC"``, cells in reading order."""
    cells = tuple(Cell(r, c) for r in range(rows) for c in range(cols))
    return LayoutSpec(f"{rows}x{cols}", rows, cols, cells)


def _named(name: str, rows: int, cols: int, *cells: tuple[int, int, int, int]) -> LayoutSpec:
    return LayoutSpec(name, rows, cols, tuple(Cell(*c) for c in cells))


#: Custom layouts by name. "A+B": A viewports in a left column, B in a right column (the
#: single one spans the full height); "A/B": A viewports in a top row, B in a bottom row.
CUSTOM_LAYOUTS: dict[str, LayoutSpec] = {spec.name: spec for spec in (
    _named("1+2", 2, 2, (0, 0, 2, 1), (0, 1, 1, 1), (1, 1, 1, 1)),
    _named("2+1", 2, 2, (0, 0, 1, 1), (0, 1, 2, 1), (1, 0, 1, 1)),
    _named("1+3", 3, 2, (0, 0, 3, 1), (0, 1, 1, 1), (1, 1, 1, 1), (2, 1, 1, 1)),
    _named("3+1", 3, 2, (0, 0, 1, 1), (0, 1, 3, 1), (1, 0, 1, 1), (2, 0, 1, 1)),
    _named("1/2", 2, 2, (0, 0, 1, 2), (1, 0, 1, 1), (1, 1, 1, 1)),
    _named("2/1", 2, 2, (0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 2)),
)}

#: The layouts offered in the toolbar menu, in menu order.
STANDARD_LAYOUTS: tuple[LayoutSpec, ...] = (
    grid(1, 1), grid(1, 2), grid(2, 1), grid(1, 3), grid(2, 2),
    CUSTOM_LAYOUTS["1+2"], CUSTOM_LAYOUTS["2+1"], CUSTOM_LAYOUTS["1+3"], CUSTOM_LAYOUTS["3+1"],
    CUSTOM_LAYOUTS["1/2"], CUSTOM_LAYOUTS["2/1"],
    grid(1, 4), grid(2, 3), grid(3, 2), grid(3, 3), grid(2, 4), grid(3, 4), grid(4, 4),
)

_GRID = re.compile(r"^\s*(\d+)\s*[xX×*]\s*(\d+)\s*$")


def parse_layout(text: str) -> LayoutSpec:
    """The layout named by ``text``: ``"2x3"`` (rows x columns) or a custom name (``"1+2"``).

    Raises
    ------
    ValueError
        If ``text`` names no layout; the message lists what is accepted.
    """
    if not isinstance(text, str):
        raise TypeError(f"layout must be a string, got {type(text).__name__}")
    custom = CUSTOM_LAYOUTS.get(text.strip().replace(" ", ""))
    if custom is not None:
        return custom
    match = _GRID.match(text)
    if match is None:
        raise ValueError(f"unknown layout {text!r}: expected ROWSxCOLS with 1..{MAX_CELLS_PER_SIDE} each "
                         f"(e.g. '2x3') or one of {', '.join(CUSTOM_LAYOUTS)}")
    rows, cols = int(match[1]), int(match[2])
    if not (1 <= rows <= MAX_CELLS_PER_SIDE and 1 <= cols <= MAX_CELLS_PER_SIDE):
        raise ValueError(f"layout {text!r}: rows and columns must be 1..{MAX_CELLS_PER_SIDE}, got {rows}x{cols}")
    return grid(rows, cols)


def layout_to_json(spec: LayoutSpec) -> str | dict[str, Any]:
    """The layout as a protocol file stores it: its name when that parses back to the
    same layout, else ``{"name", "rows", "cols", "cells": [[row, col, row_span, col_span], ...]}``."""
    try:
        if parse_layout(spec.name) == spec:
            return spec.name
    except ValueError:
        pass
    return {"name": spec.name, "rows": spec.rows, "cols": spec.cols,
            "cells": [[c.row, c.col, c.row_span, c.col_span] for c in spec.cells]}


def layout_from_json(value: Any) -> LayoutSpec:
    """Inverse of :func:`layout_to_json`.

    Raises
    ------
    ValueError
        For an unknown name, a malformed object or cells that do not tile the grid.
    """
    if isinstance(value, str):
        return parse_layout(value)
    if not isinstance(value, dict):
        raise ValueError(f"layout must be a name like '2x2' or an object with rows/cols/cells, got {value!r}")
    try:
        rows, cols = int(value["rows"]), int(value["cols"])
        cells = tuple(Cell(*(int(v) for v in cell)) for cell in value["cells"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"layout object needs rows, cols and cells [[row, col, row_span, col_span], ...]: "
                         f"{exc!r} in {value!r}") from exc
    return LayoutSpec(str(value.get("name") or f"custom {rows}x{cols}"), rows, cols, cells)
