"""Every kind of phantom passes dciodvfy (dicom3tools) with no errors.

Warnings are listed too: the only accepted ones are named in ACCEPTED_WARNINGS, with why.
"""

from __future__ import annotations

import pytest
from pydicom.uid import JPEG2000Lossless, JPEGLSLossless, RLELossless

from tests.conftest import require_executable
from tests.phantoms.helpers import dciodvfy
from workstation import phantoms as P

#: kind -> warnings we keep on purpose.
ACCEPTED_WARNINGS = {
    # View Position (0018,5101) "CC"/"MLO": DX Positioning only defines radiographic terms
    # (AP, PA, LL, ...), but mammography units write CC/MLO and hanging protocols match on it.
    "mammo": ("Unrecognized defined term <CC> for value 1 of attribute <View Position>",
              "Unrecognized defined term <MLO> for value 1 of attribute <View Position>"),
}

KINDS = ["ct", "shuffled_ct", "tilted_ct", "oblique_ct", "two_stacks", "mixed_size", "mr", "pet", "cr", "dx",
         "sc", "mammo", "enhanced_ct", "us", "us_rgb"]


def _files(kind: str, series) -> list:
    if kind == "mammo":
        return [s.paths[0] for s in series]
    if kind in ("two_stacks", "mixed_size"):
        return [stack.slice_paths[-1] for stack in series.stacks]  # one file of each stack
    return [series.paths[0]]


@pytest.mark.peers
@pytest.mark.parametrize("kind", KINDS)
def test_dciodvfy_reports_no_errors(kind, request):
    executable = require_executable("dciodvfy")
    for path in _files(kind, request.getfixturevalue(kind)):
        errors, warnings = dciodvfy(executable, path)
        assert errors == [], f"{path.name}: {errors}"
        unexpected = [w for w in warnings if not any(a in w for a in ACCEPTED_WARNINGS.get(kind, ()))]
        assert unexpected == [], f"{path.name}: {unexpected}"


@pytest.mark.peers
@pytest.mark.parametrize("syntax", [JPEGLSLossless, RLELossless, JPEG2000Lossless])
def test_dciodvfy_accepts_compressed_phantoms(syntax, tmp_path):
    executable = require_executable("dciodvfy")
    grey = P.write_ct(tmp_path / "ct", shape=(2, 32, 32), transfer_syntax=syntax)
    colour = P.write_us_cine(tmp_path / "us", frames=2, rgb=True, transfer_syntax=syntax)
    assert dciodvfy(executable, grey.paths[0]) == ([], [])
    assert dciodvfy(executable, colour.paths[0]) == ([], [])
