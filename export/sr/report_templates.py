"""Report templates per modality and body part, in Vietnamese and English.

The shipped templates live in ``resources/report_templates/*.json`` (read with
:mod:`importlib.resources`); the user's folder (the app passes
``<config dir>/report_templates``) holds edited or new ones, and a user template with the
id of a shipped one replaces it. A template file::

    {"id": "ct_chest", "modality": "CT", "body_part": "CHEST",
     "title": {"vi": "...", "en": "..."},
     "sections": {"vi": {"findings": "...", "impression": "..."}, "en": {...}}}

``modality`` may list several codes separated by spaces ("CR DX"); empty matches any.
A damaged file is reported and skipped, never fatal: a typo in one template must not
cost the radiologist the others.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from export.sr.text_report import SECTIONS, DiagnosticReport
from workstation.atomic import write_json

log = logging.getLogger(__name__)

_LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class ReportTemplate:
    """One template: where it applies, and its title and section texts per language."""

    id: str
    modality: str = ""
    body_part: str = ""
    title: dict[str, str] = field(default_factory=dict)
    sections: dict[str, dict[str, str]] = field(default_factory=dict)
    user: bool = False  #: read from the user's folder

    @property
    def modalities(self) -> tuple[str, ...]:
        return tuple(self.modality.upper().split())

    def score(self, modality: str, body_part: str) -> int:
        """How well it fits a study: -1 not at all, higher is better."""
        if self.modalities and modality.upper() not in self.modalities:
            return -1
        if self.body_part and self.body_part.upper() != body_part.upper():
            return -1
        return (2 if self.modalities else 0) + (1 if self.body_part else 0)

    def name(self, language: str) -> str:
        return self.title.get(language) or self.title.get("en") or self.id

    def apply(self, report: DiagnosticReport) -> DiagnosticReport:
        """``report`` with this template's texts in every *empty* section (nothing the
        radiologist typed is replaced) and its title when the report has none."""
        texts = self.sections.get(report.language, {})
        sections = dict(report.sections)
        for key, text in texts.items():
            if not sections.get(key, "").strip() and text:
                sections[key] = text
        return replace(report, sections=sections, title=report.title or self.name(report.language),
                       template_id=self.id)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "modality": self.modality, "body_part": self.body_part, "title": dict(self.title),
                "sections": {lang: dict(texts) for lang, texts in self.sections.items()}}

    @classmethod
    def from_json(cls, data: Any, user: bool = False) -> ReportTemplate:
        """Validate and build; ``ValueError`` saying what is wrong."""
        if not isinstance(data, dict):
            raise ValueError(f"a template must be an object, got {type(data).__name__}")
        ident = data.get("id")
        if not isinstance(ident, str) or not ident.strip():
            raise ValueError("a template needs a non-empty string id")
        title = data.get("title", {})
        sections = data.get("sections", {})
        if not isinstance(title, dict) or not isinstance(sections, dict):
            raise ValueError(f"template {ident}: title and sections must be objects")
        for language, texts in sections.items():
            if language not in _LANGUAGES or not isinstance(texts, dict):
                raise ValueError(f"template {ident}: sections must be keyed by 'vi'/'en', got {language!r}")
            unknown = set(texts) - set(SECTIONS)
            if unknown:
                raise ValueError(f"template {ident}: unknown section(s) {sorted(unknown)}")
            if not all(isinstance(t, str) for t in texts.values()):
                raise ValueError(f"template {ident}: section texts must be strings")
        return cls(ident.strip(), str(data.get("modality", "")), str(data.get("body_part", "")),
                   {str(k): str(v) for k, v in title.items()},
                   {lang: dict(texts) for lang, texts in sections.items()}, user)


def _read(text: str, origin: str, user: bool, problems: list[str]) -> ReportTemplate | None:
    try:
        return ReportTemplate.from_json(json.loads(text), user)
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        problems.append(f"{origin}: {exc}")
        log.warning("report template %s skipped: %s", origin, exc)
        return None


def load_report_templates(user_folder: str | os.PathLike[str] | None = None
                          ) -> tuple[list[ReportTemplate], list[str]]:
    """Shipped templates merged with the user's (same id: the user's wins), sorted by id;
    and a message for each file that could not be read."""
    problems: list[str] = []
    found: dict[str, ReportTemplate] = {}
    shipped = resources.files("resources").joinpath("report_templates")
    for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            template = _read(entry.read_text(encoding="utf-8"), entry.name, False, problems)
            if template is not None:
                found[template.id] = template
    if user_folder is not None and Path(user_folder).is_dir():
        for path in sorted(Path(user_folder).glob("*.json")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"{path}: {exc}")
                continue
            template = _read(text, str(path), True, problems)
            if template is not None:
                found[template.id] = template
    return sorted(found.values(), key=lambda t: t.id), problems


def best_template(templates: list[ReportTemplate], modality: str, body_part: str) -> ReportTemplate | None:
    """The most specific template for a study (modality and body part, then modality,
    then a generic one); ``None`` when none fits."""
    fitting = [(t.score(modality, body_part), t) for t in templates]
    fitting = [(s, t) for s, t in fitting if s >= 0]
    return max(fitting, key=lambda item: item[0])[1] if fitting else None


def save_user_template(folder: str | os.PathLike[str], template: ReportTemplate) -> Path:
    """Write ``template`` into the user's folder (atomically) as ``<id>.json``."""
    if not template.id.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"template id must be letters, digits, '_' or '-', got {template.id!r}")
    return write_json(Path(folder) / f"{template.id}.json", template.to_json())
