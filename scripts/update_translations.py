#!/usr/bin/env python3
"""Refresh resources/translations/workstation_<lang>.ts from the source strings.

Finds ``self.tr("...")`` (context: the enclosing class), ``QCoreApplication.translate(
"Context", "...")`` and ``QT_TRANSLATE_NOOP("Context", "...")`` (a literal translated later,
e.g. a column header in a class attribute), ``N_("...")`` and ``tr("...")`` in modules that
define or import such helpers (context: the defining module's ``QCoreApplication.translate``
context), and the menu text of ``ToolSpec(name, "text", ...)`` (context "Actions"). Existing
translations are kept; new strings are added as unfinished; strings no longer in the
code are marked vanished (``--no-obsolete`` drops them). Edit the result with Qt Linguist
or any XML editor.

Usage: python scripts/update_translations.py [--no-obsolete] [vi ...]
"""

from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("workstation", "viewer", "tools", "export", "rendering")


def _module_context(tree: ast.Module) -> str | None:
    """The context a module's own ``tr`` helper passes to QCoreApplication.translate."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "translate" and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str) \
                and len(node.args) > 1 and not isinstance(node.args[1], ast.Constant):
            return node.args[0].value
    return None


def _imported_context(tree: ast.Module, contexts: dict[str, str]) -> str | None:
    """The context of ``N_``/``tr`` imported from another module (``from x import N_``)."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module in contexts \
                and any(alias.name in ("N_", "tr") for alias in node.names):
            return contexts[node.module]
    return None


def extract() -> dict[str, dict[str, str]]:
    """context -> {source: "file:line"}"""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    trees = {path: ast.parse(path.read_text(encoding="utf-8"))
             for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}
    contexts = {".".join(path.relative_to(ROOT).with_suffix("").parts): context
                for path, tree in trees.items() if (context := _module_context(tree))}
    for path, tree in trees.items():
        module_context = _module_context(tree) or _imported_context(tree, contexts)
        rel = path.relative_to(ROOT)

        def visit(node: ast.AST, cls: str | None) -> None:
            for child in ast.iter_child_nodes(node):
                visit(child, child.name if isinstance(child, ast.ClassDef) else cls)
            if not isinstance(node, ast.Call) or not node.args:
                return
            first = node.args[0]
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            where = f"{rel}:{node.lineno}"
            if name == "tr" and isinstance(func, ast.Attribute) and cls and isinstance(first, ast.Constant):
                found[cls][first.value] = where
            elif name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) > 1 \
                    and isinstance(first, ast.Constant) \
                    and isinstance(node.args[1], ast.Constant):
                found[first.value][node.args[1].value] = where
            elif name in ("N_", "tr") and isinstance(func, ast.Name) and module_context \
                    and isinstance(first, ast.Constant):
                found[module_context][first.value] = where
            elif name == "ToolSpec" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                found["Actions"][node.args[1].value] = where  # tool names shown as actions

        visit(tree, None)
    return found


def update(language: str, keep_vanished: bool = True) -> Path:
    """Rewrite the ``.ts`` of ``language`` from the code, keeping every finished translation.

    A translated string no longer in the code stays as ``type="vanished"`` (ignored by the
    translator, revived when the string comes back) unless ``keep_vanished`` is False.
    """
    path = ROOT / "resources" / "translations" / f"workstation_{language}.ts"
    existing: dict[tuple[str, str], ET.Element] = {}
    if path.exists():
        for context in ET.parse(path).getroot().iter("context"):
            for message in context.iter("message"):
                existing[(context.findtext("name", ""), message.findtext("source", ""))] = message.find("translation")
    root = ET.Element("TS", version="2.1", language={"vi": "vi_VN"}.get(language, language))
    strings: dict[str, dict[str, str | None]] = {name: dict(found) for name, found in extract().items()}
    if keep_vanished:
        for (context_name, source), old in existing.items():
            if old is not None and old.text and source not in strings.get(context_name, {}):
                strings.setdefault(context_name, {})[source] = None
    for context_name in sorted(strings):
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = context_name
        for source, where in sorted(strings[context_name].items()):
            message = ET.SubElement(context, "message")
            if where is not None:
                file, line = where.rsplit(":", 1)
                ET.SubElement(message, "location", filename=file, line=line)
            ET.SubElement(message, "source").text = source
            old = existing.get((context_name, source))
            translation = ET.SubElement(message, "translation")
            if old is not None and old.text and old.get("type") not in ("unfinished", "obsolete"):
                translation.text = old.text
                if where is None:
                    translation.set("type", "vanished")
            else:
                translation.set("type", "unfinished")
    ET.indent(root)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, encoding="unicode")
                    + "\n", encoding="utf-8")
    return path


def untranslated(language: str) -> list[tuple[str, str]]:
    path = ROOT / "resources" / "translations" / f"workstation_{language}.ts"
    missing = []
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") == "vanished":
                continue
            if translation is None or not translation.text or translation.get("type") == "unfinished":
                missing.append((context.findtext("name", ""), message.findtext("source", "")))
    return missing


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--no-obsolete"]
    for lang in args or ["vi"]:
        written = update(lang, keep_vanished="--no-obsolete" not in sys.argv)
        print(f"{written}: {len(untranslated(lang))} string(s) to translate")
