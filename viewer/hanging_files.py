"""Hanging protocol files: read, validate, merge shipped and user protocols, save atomically.

The file format is documented in :mod:`viewer.hanging`. Shipped protocols live in
``resources/hanging_protocols/`` (read with :mod:`importlib.resources`); the app passes the
user folder. A broken shipped file is a packaging bug and raises; a broken user file is
reported in :attr:`ProtocolLibrary.problems` and skipped, so the shipped ones still load.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from viewer.hanging import SCHEMA_VERSION, HangingProtocol, MatchRules, OrientationRule, ViewportRule
from viewer.layouts import layout_from_json, layout_to_json
from workstation.atomic import write_json

_SCALARS = {"str": str, "int": int, "bool": bool, "int | None": int, "bool | None": bool}


def _build(cls: type, data: Any, where: str) -> Any:
    """A dataclass from a JSON object, checking keys and value types.

    Field types are read from the annotations, which are strings here (``from
    __future__ import annotations``), so the checks compare annotation text.
    """
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object, got {data!r}")
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {unknown}; expected some of {sorted(known)}")
    values = {}
    for key, value in data.items():
        kind = str(known[key].type)
        if kind == "tuple[str, ...]":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{where}: {key} must be a list of strings, got {value!r}")
            value = tuple(value)
        elif kind == "tuple[OrientationRule, ...]":
            items = value if isinstance(value, list) else [value]
            value = tuple(_build(OrientationRule, v, f"{where}: orientation") for v in items)
        elif kind in _SCALARS and (not isinstance(value, _SCALARS[kind]) or
                                   (_SCALARS[kind] is int and isinstance(value, bool))):
            raise ValueError(f"{where}: {key} must be {kind}, got {value!r}")
        values[key] = value
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {exc}") from exc


def protocol_from_dict(data: Any, source: str = "protocol") -> HangingProtocol:
    """Validate and build a protocol from parsed JSON.

    Raises
    ------
    ValueError
        Naming ``source`` (e.g. the file) and what is wrong.
    """
    if not isinstance(data, dict):
        raise ValueError(f"{source}: a protocol must be a JSON object")
    data = dict(data)
    if data.pop("version", SCHEMA_VERSION) != SCHEMA_VERSION:
        raise ValueError(f"{source}: unsupported version; this program reads version {SCHEMA_VERSION}")
    for key in ("name", "layout", "viewports"):
        if key not in data:
            raise ValueError(f"{source}: missing {key!r}")
    try:
        data["layout"] = layout_from_json(data["layout"])
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from exc
    if not isinstance(data["viewports"], list):
        raise ValueError(f"{source}: viewports must be a list")
    data["viewports"] = tuple(_build(ViewportRule, rule, f"{source}: viewport {i}")
                              for i, rule in enumerate(data["viewports"]))
    data["match"] = _build(MatchRules, data.get("match", {}), f"{source}: match")
    return _build(HangingProtocol, data, source)


def _plain(value: Any) -> dict[str, Any]:
    """Non-default fields of a dataclass as JSON values."""
    out = {}
    for f in dataclasses.fields(value):
        v = getattr(value, f.name)
        if f.name == "orientation":
            v = [_plain(r) for r in v]
        elif isinstance(v, tuple):
            v = list(v)
        if v != (list(f.default) if isinstance(f.default, tuple) else f.default):
            out[f.name] = v
    return out


def protocol_to_dict(protocol: HangingProtocol) -> dict[str, Any]:
    """The JSON object :func:`protocol_from_dict` reads back to an equal protocol."""
    data: dict[str, Any] = {"version": SCHEMA_VERSION, "name": protocol.name}
    if protocol.description:
        data["description"] = protocol.description
    if protocol.priority:
        data["priority"] = protocol.priority
    data["match"] = _plain(protocol.match)
    data["layout"] = layout_to_json(protocol.layout)
    data["viewports"] = [_plain(rule) for rule in protocol.viewports]
    return data


def read_protocol_file(path: str | Path) -> HangingProtocol:
    """One protocol file; ``ValueError`` naming the file when it is not valid."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read protocol: {exc}") from exc
    return protocol_from_dict(data, str(path))


@dataclass(frozen=True)
class ProtocolLibrary:
    """Shipped and user protocols in matching order, and the user files that were skipped."""

    protocols: tuple[HangingProtocol, ...]
    problems: tuple[str, ...] = ()

    def get(self, name: str) -> HangingProtocol | None:
        return next((p for p in self.protocols if p.name == name), None)


def load_protocols(user_dir: str | Path | None = None) -> ProtocolLibrary:
    """Shipped protocols (by file name) merged with the ``*.json`` files of ``user_dir``.

    A user protocol with the name of a shipped one replaces it in place; others follow.
    A broken or duplicate user file is skipped and described in ``problems``.

    Raises
    ------
    ValueError
        If a shipped protocol is invalid (a packaging bug; the message names the file).
    """
    folder = resources.files("resources").joinpath("hanging_protocols")
    protocols: dict[str, HangingProtocol] = {}
    for entry in sorted((e for e in folder.iterdir() if e.name.endswith(".json")), key=lambda e: e.name):
        source = f"resources/hanging_protocols/{entry.name}"
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{source}: not valid JSON: {exc}") from exc
        protocol = protocol_from_dict(data, source)
        if protocol.name in protocols:
            raise ValueError(f"{source}: a shipped protocol is already named {protocol.name!r}")
        protocols[protocol.name] = protocol
    problems = []
    user_names: set[str] = set()
    if user_dir is not None and Path(user_dir).is_dir():
        for path in sorted(Path(user_dir).glob("*.json")):
            try:
                protocol = read_protocol_file(path)
            except ValueError as exc:
                problems.append(f"{exc} (file skipped)")
                continue
            if protocol.name in user_names:
                problems.append(f"{path}: another user protocol is already named {protocol.name!r} (file skipped)")
                continue
            user_names.add(protocol.name)
            protocols[protocol.name] = protocol
    return ProtocolLibrary(tuple(protocols.values()), tuple(problems))


def _file_name(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore")
    return (re.sub(r"[^A-Za-z0-9]+", "_", ascii_name.decode()).strip("_").lower() or "protocol") + ".json"


def save_protocol(protocol: HangingProtocol, directory: str | Path) -> Path:
    """Write ``protocol`` into ``directory`` atomically and return the file.

    A file already holding a protocol of that name is replaced; otherwise the file is
    named after the protocol (``"CT phổi"`` -> ``ct_phoi.json``, with a number when taken).
    The text goes to a temporary file in the same folder, then ``os.replace`` swaps it in,
    so a crash never leaves a half-written protocol.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = None
    for path in sorted(directory.glob("*.json")):
        try:
            if read_protocol_file(path).name == protocol.name:
                target = path
                break
        except ValueError:
            continue
    if target is None:
        stem = _file_name(protocol.name)[:-5]
        target, n = directory / f"{stem}.json", 2
        while target.exists():
            target, n = directory / f"{stem}_{n}.json", n + 1
    return write_json(target, protocol_to_dict(protocol))
