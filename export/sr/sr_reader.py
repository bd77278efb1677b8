"""Any SR or KOS document as a readable tree: ours, another system's, any template.

Reading never trusts a template: the content tree (PS3.3 C.17.3) is walked item by item
and each value type is rendered by its own rule (TEXT, CODE, NUM with its UCUM unit,
PNAME, dates, UIDREF, IMAGE/COMPOSITE/WAVEFORM references, SCOORD/SCOORD3D/TCOORD,
by-reference relationships). Numbers are then gathered as measurements with the label,
finding site, image and outline of the group they belong to, whatever template put them
there (TID 1500 groups or a plain container), so a measurement links to its image.
Versions are chained through the Predecessor Documents Sequence (PS3.3 C.17.2.3):
:func:`version_history` puts the latest version first, then its history.

Plain pydicom, no highdicom parsing: a foreign SR that highdicom would refuse (missing
templates, vendor items) must still be shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.uid import UID

from tools.measure import ImageRef
from workstation.model.records import format_person_name

KOS_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.88.59"
_MAX_DEPTH = 64  #: deeper trees are cut (a loop of by-value items cannot exist, but a huge one can)
_TRACKING_ID = "112039"
_FINDING_SITE = "363698007"
_LANGUAGE = "121049"
_REPORT_TITLES = {"18748-4", "11528-7"}  # LOINC diagnostic imaging reports

#: UCUM codes shown as people write them.
_UNIT_TEXT = {"mm": "mm", "mm2": "mm\u00b2", "mm3": "mm\u00b3", "cm": "cm", "cm2": "cm\u00b2", "ml": "ml",
              "deg": "\u00b0", "[hnsf'U]": "HU", "{SUVbw}g/ml": "SUVbw", "g/ml{SUVbw}": "SUVbw",
              "Bq/ml": "Bq/ml", "1": "", "{ratio}": "", "%": "%", "{pixels}": "px", "{pixels}2": "px\u00b2",
              "{counts}": "counts", "s": "s", "ms": "ms"}


@dataclass
class ContentNode:
    """One content item, rendered."""

    relationship: str  #: "CONTAINS", "HAS OBS CONTEXT", ... ("" for the root)
    value_type: str
    name: str  #: concept name meaning
    code: str = ""  #: concept name as ``"DCM:121071"``
    value: str = ""  #: the value as text
    number: float | None = None
    unit: str = ""  #: unit as people write it ("mm", "HU")
    images: list[ImageRef] = field(default_factory=list)
    graphic_type: str = ""
    graphic_data: list[float] = field(default_factory=list)
    template: str = ""
    position: str = ""  #: "1.2.3": the item's place in the tree (by-reference targets use it)
    children: list[ContentNode] = field(default_factory=list)

    def walk(self) -> Iterable[ContentNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    def line(self) -> str:
        """``"Finding: Hình ảnh tổn thương gan"`` or ``"Length: 25.3 mm"``."""
        if self.value_type == "CONTAINER":
            return self.name or "(container)"
        if self.name and self.value:
            return f"{self.name}: {self.value}"
        return self.name or self.value


@dataclass
class SrMeasurement:
    """A number of the document with what it measures and where."""

    label: str  #: the group's Tracking Identifier, or the enclosing container's name
    name: str
    value: float
    unit: str
    finding_sites: list[str] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    graphic_type: str = ""
    graphic_data: list[float] = field(default_factory=list)
    tracking_uid: str = ""

    def text(self) -> str:
        number = f"{self.value:.6g}" if abs(self.value) >= 1e-3 or self.value == 0 else f"{self.value:.3e}"
        sep = "" if self.unit in ("", "\u00b0", "%") else " "
        return f"{self.name} {number}{sep}{self.unit}"


@dataclass(frozen=True)
class Verifier:
    """One Verifying Observer (PS3.3 C.17.2.2)."""

    name: str
    organization: str = ""
    datetime: str = ""  #: VerificationDateTime as written (DT)

    def __str__(self) -> str:
        return f"{self.name} ({self.organization}, {self.datetime})"


@dataclass
class SrDocument:
    """A read SR/KOS: header facts, the tree, its measurements and referenced images."""

    sop_instance_uid: str
    sop_class_uid: str
    study_instance_uid: str
    series_instance_uid: str
    kind: str  #: "report", "measurements", "key_images" or "sr" (any other)
    title: str
    template: str
    patient_name: str = ""
    patient_id: str = ""
    completion: str = ""
    verification: str = ""
    preliminary: str = ""
    verifiers: list[Verifier] = field(default_factory=list)
    observers: list[str] = field(default_factory=list)
    language: str = ""
    content_datetime: str = ""  #: ContentDate + ContentTime: sortable
    predecessors: list[str] = field(default_factory=list)  #: SOP Instance UIDs this one replaces
    root: ContentNode | None = None
    measurements: list[SrMeasurement] = field(default_factory=list)

    @property
    def sop_class_name(self) -> str:
        return UID(self.sop_class_uid).name

    @property
    def images(self) -> list[ImageRef]:
        """Every image the tree references, once, in tree order."""
        found: dict[tuple[str, int], ImageRef] = {}
        for node in self.root.walk() if self.root else ():
            for ref in node.images:
                found.setdefault((ref.sop_instance_uid, ref.frame_number), ref)
        return list(found.values())

    @property
    def signed(self) -> bool:
        return self.verification == "VERIFIED"


def _code(item: Dataset, keyword: str) -> Dataset | None:
    seq = item.get(keyword)
    return seq[0] if seq else None


def _code_text(code: Dataset | None) -> tuple[str, str]:
    """``(meaning, "SCHEME:VALUE")`` of a code item."""
    if code is None:
        return "", ""
    value = code.get("CodeValue") or code.get("LongCodeValue") or code.get("URNCodeValue") or ""
    return str(code.get("CodeMeaning", "") or ""), f"{code.get('CodingSchemeDesignator', '')}:{value}"


def unit_text(code: Dataset | None) -> str:
    """A UCUM unit as people write it: ``[hnsf'U]`` -> ``HU``, ``mm2`` -> ``mm²``."""
    if code is None:
        return ""
    value = str(code.get("CodeValue", "") or "")
    if value in _UNIT_TEXT:
        return _UNIT_TEXT[value]
    return value if str(code.get("CodingSchemeDesignator", "")) == "UCUM" and value else str(code.get("CodeMeaning", ""))


def _frames(reference: Dataset) -> list[int]:
    frames = reference.get("ReferencedFrameNumber")
    if frames is None or frames == "":
        return [1]
    return [int(f) for f in (list(frames) if isinstance(frames, MultiValue) else [frames])]


def _references(item: Dataset, series_of: dict[str, str]) -> list[ImageRef]:
    refs = []
    for reference in item.get("ReferencedSOPSequence", []):
        uid = str(reference.get("ReferencedSOPInstanceUID", "") or "")
        if uid:
            for frame in _frames(reference):
                refs.append(ImageRef(uid, max(frame, 1), series_of.get(uid, ""),
                                     str(reference.get("ReferencedSOPClassUID", "") or "")))
    return refs


def _number(item: Dataset) -> tuple[float | None, str, str]:
    """``(number, unit, text)`` of a NUM item (an empty value shows its qualifier)."""
    measured = _code(item, "MeasuredValueSequence")
    if measured is None or measured.get("NumericValue") in (None, ""):
        qualifier, _ = _code_text(_code(item, "NumericValueQualifierCodeSequence"))
        return None, "", qualifier or "(no value)"
    raw = measured.NumericValue
    number = float(raw[0] if isinstance(raw, MultiValue) else raw)
    unit = unit_text(_code(measured, "MeasurementUnitsCodeSequence"))
    sep = "" if unit in ("", "\u00b0", "%") else " "
    return number, unit, f"{number:.6g}{sep}{unit}"


def _node(item: Dataset, position: str, depth: int, series_of: dict[str, str]) -> ContentNode:
    name, code = _code_text(_code(item, "ConceptNameCodeSequence"))
    node = ContentNode(str(item.get("RelationshipType", "") or ""), str(item.get("ValueType", "") or ""),
                       name, code, position=position)
    try:
        _fill(node, item, series_of)
    except (AttributeError, TypeError, ValueError, IndexError, KeyError) as exc:
        node.value = f"(unreadable item: {exc})"
    if "ReferencedContentItemIdentifier" in item:
        target = ".".join(str(n) for n in item.ReferencedContentItemIdentifier)
        node.value_type = node.value_type or "REFERENCE"
        node.value = f"see item {target}"
    if depth < _MAX_DEPTH:
        node.children = [_node(child, f"{position}.{n}", depth + 1, series_of)
                         for n, child in enumerate(item.get("ContentSequence", []), start=1)]
    return node


def _fill(node: ContentNode, item: Dataset, series_of: dict[str, str]) -> None:
    kind = node.value_type
    if kind == "TEXT":
        node.value = str(item.get("TextValue", "") or "")
    elif kind == "CODE":
        node.value = _code_text(_code(item, "ConceptCodeSequence"))[0]
    elif kind == "NUM":
        node.number, node.unit, node.value = _number(item)
    elif kind == "PNAME":
        node.value = format_person_name(str(item.get("PersonName", "") or ""))
    elif kind in ("DATE", "TIME", "DATETIME"):
        node.value = str(item.get({"DATE": "Date", "TIME": "Time", "DATETIME": "DateTime"}[kind], "") or "")
    elif kind == "UIDREF":
        node.value = str(item.get("UID", "") or "")
    elif kind in ("IMAGE", "COMPOSITE", "WAVEFORM"):
        node.images = _references(item, series_of)
        node.value = ", ".join(_describe(ref) for ref in node.images)
    elif kind in ("SCOORD", "SCOORD3D"):
        node.graphic_type = str(item.get("GraphicType", "") or "")
        node.graphic_data = [float(v) for v in item.get("GraphicData", [])]
        where = f" in frame of reference {item.ReferencedFrameOfReferenceUID}" if kind == "SCOORD3D" else ""
        node.value = f"{node.graphic_type} ({len(node.graphic_data) // (3 if kind == 'SCOORD3D' else 2)} points)" \
            + where
    elif kind == "TCOORD":
        node.value = str(item.get("TemporalRangeType", "") or "")
    if "ContentTemplateSequence" in item and item.ContentTemplateSequence:
        node.template = str(item.ContentTemplateSequence[0].get("TemplateIdentifier", "") or "")


def _describe(ref: ImageRef) -> str:
    text = f"{UID(ref.sop_class_uid).name if ref.sop_class_uid else 'object'} {ref.sop_instance_uid}"
    return text + (f" frame {ref.frame_number}" if ref.frame_number > 1 else "")


def _series_by_instance(ds: Dataset) -> dict[str, str]:
    found: dict[str, str] = {}
    for keyword in ("CurrentRequestedProcedureEvidenceSequence", "PertinentOtherEvidenceSequence"):
        for study in ds.get(keyword, []):
            for series in study.get("ReferencedSeriesSequence", []):
                for instance in series.get("ReferencedSOPSequence", []):
                    found[str(instance.ReferencedSOPInstanceUID)] = str(series.get("SeriesInstanceUID", ""))
    return found


def _predecessors(ds: Dataset) -> list[str]:
    return [str(instance.ReferencedSOPInstanceUID)
            for study in ds.get("PredecessorDocumentsSequence", [])
            for series in study.get("ReferencedSeriesSequence", [])
            for instance in series.get("ReferencedSOPSequence", [])]


def read_document(ds: Dataset) -> SrDocument:
    """Read an SR or KOS document.

    Raises
    ------
    ValueError
        When ``ds`` has no content tree (not an SR document).
    """
    if "ContentSequence" not in ds and "ValueType" not in ds:
        raise ValueError(f"not an SR document (SOP class {ds.get('SOPClassUID', '?')})")
    series_of = _series_by_instance(ds)
    root = _node(ds, "1", 0, series_of)
    sop_class = str(ds.get("SOPClassUID", "") or "")
    doc = SrDocument(str(ds.get("SOPInstanceUID", "")), sop_class, str(ds.get("StudyInstanceUID", "")),
                     str(ds.get("SeriesInstanceUID", "")), "sr", root.name, root.template,
                     format_person_name(str(ds.get("PatientName", "") or "")), str(ds.get("PatientID", "") or ""),
                     str(ds.get("CompletionFlag", "") or ""), str(ds.get("VerificationFlag", "") or ""),
                     str(ds.get("PreliminaryFlag", "") or ""),
                     content_datetime=f"{ds.get('ContentDate', '') or ''}{ds.get('ContentTime', '') or ''}",
                     predecessors=_predecessors(ds), root=root)
    for verifier in ds.get("VerifyingObserverSequence", []):
        doc.verifiers.append(Verifier(format_person_name(str(verifier.get("VerifyingObserverName", "") or "")),
                                      str(verifier.get("VerifyingOrganization", "") or ""),
                                      str(verifier.get("VerificationDateTime", "") or "")))
    for node in root.children:
        if node.value_type == "PNAME" and node.relationship == "HAS OBS CONTEXT":
            doc.observers.append(node.value)
        if node.code.endswith(f":{_LANGUAGE}"):
            doc.language = node.value
    doc.measurements = list(_measurements(root))
    doc.kind = _kind(doc, root)
    return doc


def _kind(doc: SrDocument, root: ContentNode) -> str:
    code_value = root.code.split(":", 1)[-1]
    if doc.sop_class_uid == KOS_SOP_CLASS:
        return "key_images"
    if root.template == "1500" or code_value == "126000":
        return "measurements"
    if root.template == "2000" or code_value in _REPORT_TITLES:
        return "report"
    return "sr"


def _measurements(root: ContentNode) -> Iterable[SrMeasurement]:
    """Every NUM with a value, with its group's label, finding sites, images and outline."""
    def visit(node: ContentNode, parents: list[ContentNode]) -> Iterable[SrMeasurement]:
        for child in node.children:
            if child.value_type == "NUM" and child.number is not None:
                yield _measurement(child, node, parents)
            yield from visit(child, parents + [node])
    yield from visit(root, [])


def _measurement(num: ContentNode, group: ContentNode, parents: list[ContentNode]) -> SrMeasurement:
    siblings = group.children
    label = next((c.value for c in siblings if c.code.endswith(f":{_TRACKING_ID}")), "") or group.name
    tracking = next((c.value for c in siblings if c.code == "DCM:112040"), "")
    sites = [c.value for c in num.children + siblings if c.code.endswith(f":{_FINDING_SITE}")]
    shape = next((c for c in num.children if c.value_type in ("SCOORD", "SCOORD3D")), None) or \
        next((c for c in siblings if c.value_type in ("SCOORD", "SCOORD3D")), None)
    images = [ref for c in num.children for n in c.walk() for ref in n.images] or \
        [ref for c in siblings if c.value_type in ("IMAGE", "SCOORD") for n in c.walk() for ref in n.images]
    return SrMeasurement(label, num.name, float(num.number), num.unit, sites, list(dict.fromkeys(images)),  # type: ignore[arg-type]
                         shape.graphic_type if shape else "", list(shape.graphic_data) if shape else [], tracking)


def render_text(doc: SrDocument) -> str:
    """The document as indented plain text: header, tree, then the measurement table."""
    lines = [doc.title or doc.sop_class_name, f"{doc.sop_class_name} ({doc.kind})"]
    if doc.patient_name or doc.patient_id:
        lines.append(f"Patient: {doc.patient_name} ({doc.patient_id})")
    status = ", ".join(v for v in (doc.completion, doc.verification, doc.preliminary) if v)
    if status:
        lines.append(f"Status: {status}")
    lines += [f"Verified by: {v}" for v in doc.verifiers]
    if doc.content_datetime:
        lines.append(f"Content date/time: {doc.content_datetime}")
    if doc.predecessors:
        lines.append(f"Replaces: {', '.join(doc.predecessors)}")
    lines.append("")

    def emit(node: ContentNode, depth: int) -> None:
        text = node.line()
        for n, part in enumerate(text.splitlines() or [""]):
            lines.append("  " * depth + ("" if n == 0 else "  ") + part)
        for child in node.children:
            emit(child, depth + 1)
    if doc.root is not None:
        for child in doc.root.children:
            emit(child, 0)
    if doc.measurements:
        lines += ["", "Measurements:"]
        for m in doc.measurements:
            where = "; ".join(_describe(ref) for ref in m.images) or "no image"
            site = f" [{', '.join(m.finding_sites)}]" if m.finding_sites else ""
            lines.append(f"  {m.label}: {m.text()}{site} \u2014 {where}")
    return "\n".join(lines) + "\n"


def version_history(documents: Iterable[SrDocument]) -> list[list[SrDocument]]:
    """Chains of versions, each latest first; chains ordered by their latest version, newest first.

    A document that another lists as predecessor is not a latest version; following
    predecessors from each latest one gives its history (as far as the documents go).
    """
    docs = {d.sop_instance_uid: d for d in documents}
    replaced = {uid for d in docs.values() for uid in d.predecessors}
    chains = []
    for doc in docs.values():
        if doc.sop_instance_uid in replaced:
            continue
        chain, seen, current = [], set(), doc
        while current is not None and current.sop_instance_uid not in seen:
            chain.append(current)
            seen.add(current.sop_instance_uid)
            current = next((docs[uid] for uid in current.predecessors if uid in docs), None)
        chains.append(chain)
    chains.sort(key=lambda c: c[0].content_datetime, reverse=True)
    return chains
