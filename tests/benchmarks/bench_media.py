"""Patient disc benchmark: our DICOMDIR + ISO against DCMTK ``dcmmkdir`` + ``xorriso -as mkisofs``.

A ~1 GB study (4 CT series of 500 slices, 512x512 int16, uncompressed: 2000 files) is
written once. Then, on the same files in the same run:

* ours: :func:`export.media.export_media` from the stored paths to an ISO (headers read,
  discs planned, PDI layout with 8.3 File IDs, DICOMDIR, README/INDEX, ISO 9660 + Joliet +
  Rock Ridge image via pycdlib), without previews since the peer makes none;
* the peer: the same files hard-linked under the same File IDs (not timed: our side does
  its naming inside the timing), ``dcmmkdir -Pgp +r`` writing the DICOMDIR, then
  ``xorriso -as mkisofs -iso-level 1 -J -R`` writing the image.

Each side runs five times, in alternating order (peer first, then ours first, ...),
and the fastest run counts (the first run of either side may pay for cold imports or
cache). Before every run that side's previous image is deleted and dirty pages are
flushed (``os.sync``): without it whichever side ran second was throttled by the first
one's writeback (ours measured 9.1 s after the peer, 4.2 s after a sync). The order
alternates because writing 1 GB on this kind of virtual machine costs 1-4 s of system
time depending on whether the page cache reuses memory just freed (measured: 0.8 s and
3.5-4 s for the same ``write_iso`` call), which favoured whichever side always ran first.
Prints the ratio ours/peer; target <= 1.5.

Run: ``python -m tests.benchmarks.bench_media`` (or through pytest: ``-m slow``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SERIES = 4
SHAPE = (500, 512, 512)
REPEATS = 5
SIDES = ("peer", "ours")


def make_study(folder: Path) -> list[str]:
    """Write the benchmark study; its file paths in series order."""
    from workstation.phantoms import write_ct

    paths: list[str] = []
    for n in range(SERIES):
        series = write_ct(folder / f"s{n}", shape=SHAPE, spacing=(0.7, 0.7, 0.5), series_number=n + 2,
                          series_description=f"CT {n + 1}")
        paths += [os.fspath(p) for p in series.paths]
    return paths


def peer_tree(paths: list[str], root: Path) -> Path:
    """The files hard-linked as ``DICOM/PAT00001/STU00001/SER0000k/IM00000n`` (what our layout names them)."""
    import pydicom

    series: dict[str, int] = {}
    counts: dict[str, int] = {}
    for path in paths:
        uid = str(pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["SeriesInstanceUID"])
                  .SeriesInstanceUID)
        number = series.setdefault(uid, len(series) + 1)
        counts[uid] = counts.get(uid, 0) + 1
        target = root / "DICOM" / "PAT00001" / "STU00001" / f"SER{number:05d}" / f"IM{counts[uid]:06d}"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target)
    return root


def run_ours(paths: list[str], iso: Path) -> float:
    from export.media import MediaOptions, MediaType, export_media

    start = time.perf_counter()
    export_media(paths, iso, MediaOptions(MediaType.ISO, label="BENCH", previews=False))
    return time.perf_counter() - start


def run_peer(tree: Path, iso: Path) -> float:
    (tree / "DICOMDIR").unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run(["dcmmkdir", "-Pgp", "-nb", "+r", "DICOM"], cwd=tree, check=True, capture_output=True)
    subprocess.run(["xorriso", "-as", "mkisofs", "-iso-level", "1", "-J", "-R", "-V", "BENCH", "-quiet",
                    "-o", os.fspath(iso), os.fspath(tree)], check=True, capture_output=True)
    return time.perf_counter() - start


def image_records(dicomdir: Path) -> int:
    import pydicom

    return sum(r.DirectoryRecordType == "IMAGE" for r in pydicom.dcmread(dicomdir).DirectoryRecordSequence)


def main() -> dict[str, float]:
    for tool in ("dcmmkdir", "xorriso"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is not installed")
    with tempfile.TemporaryDirectory(prefix="bench-media-") as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        paths = make_study(tmp / "study")
        generated = time.perf_counter() - start
        nbytes = sum(os.path.getsize(p) for p in paths)
        tree = peer_tree(paths, tmp / "peer")
        runs: dict[str, list[float]] = {"ours": [], "peer": []}
        for repeat in range(REPEATS):
            for side in SIDES if repeat % 2 == 0 else SIDES[::-1]:
                iso = tmp / f"{side}.iso"
                iso.unlink(missing_ok=True)
                os.sync()  # neither side pays for the other's 1 GB of dirty pages
                runs[side].append(run_ours(paths, iso) if side == "ours" else run_peer(tree, iso))
        sizes = {name: (tmp / f"{name}.iso").stat().st_size for name in ("ours", "peer")}
        subprocess.run(["xorriso", "-osirrox", "on", "-indev", os.fspath(tmp / "ours.iso"), "-extract",
                        "/DICOMDIR", os.fspath(tmp / "OURS_DICOMDIR")], check=True, capture_output=True)
        records = {"ours": image_records(tmp / "OURS_DICOMDIR"), "peer": image_records(tree / "DICOMDIR")}
    ours, peer = runs["ours"], runs["peer"]
    best = {"ours": min(ours), "peer": min(peer)}
    ratio = best["ours"] / best["peer"]
    print(f"\nPatient disc, {SERIES} x {SHAPE[0]} slices {SHAPE[1]}x{SHAPE[2]} CT: {len(paths)} files, "
          f"{nbytes / 1e9:.2f} GB (generated in {generated:.0f} s); best of {REPEATS}")
    print(f"{'':<34}{'seconds':>9}{'ISO GB':>9}{'IMAGE records':>15}")
    print(f"{'ours (export_media, pycdlib)':<34}{best['ours']:>9.2f}{sizes['ours'] / 1e9:>9.3f}{records['ours']:>15}")
    print(f"{'dcmmkdir + xorriso -as mkisofs':<34}{best['peer']:>9.2f}{sizes['peer'] / 1e9:>9.3f}"
          f"{records['peer']:>15}")
    print(f"runs: ours {', '.join(f'{s:.2f}' for s in ours)}; peer {', '.join(f'{s:.2f}' for s in peer)}")
    print(f"ratio ours/peer: {ratio:.2f} (target <= 1.5)")
    return {"ratio": ratio, "files": len(paths), **{f"records_{k}": v for k, v in records.items()}}


@pytest.mark.slow
def test_bench_media():
    result = main()
    assert result["records_ours"] == result["records_peer"] == result["files"]


if __name__ == "__main__":
    main()
