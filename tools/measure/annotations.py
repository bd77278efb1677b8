"""Arrows and text annotations: shapes that carry words, not numbers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Self

from tools.measure.base import Measurement


@dataclass(frozen=True, kw_only=True)
class Annotation(Measurement):
    """A measurement whose label is the user's ``text``; edited with :meth:`with_text`."""

    uses_spacing = False

    text: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.text, str):
            raise TypeError(f"text must be a string, got {type(self.text).__name__}")

    def with_text(self, text: str) -> Self:
        return replace(self, text=text)

    def label(self) -> str:
        return self.text


@dataclass(frozen=True, kw_only=True)
class Arrow(Annotation):
    """An arrow from ``points[0]`` (tail) to ``points[1]`` (head), with optional text at the tail."""

    kind = "arrow"
    title = "Arrow"
    min_points = max_points = 2


@dataclass(frozen=True, kw_only=True)
class TextAnnotation(Annotation):
    """Text anchored at one point."""

    kind = "text"
    title = "Text"
    min_points = max_points = 1
