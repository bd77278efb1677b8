"""Series load benchmark: ours vs SimpleITK's ImageSeriesReader on the same files, same run.

A 512x512x300 int16 CT (uncompressed and JPEG 2000 lossless) is read into a Volume and
into a SimpleITK image; each load runs in a fresh process (so page cache is warm for
both but no Python state is shared) and reports wall time and peak memory above the
process's baseline. Prints the ratio ours/SimpleITK and memory as a multiple of the raw
pixel bytes. Targets (issue 2): ratio <= 1.0 for both syntaxes, memory <= 1.25x.

Ours runs as the workstation program does: compressed files are decoded in worker
processes (pylibjpeg's codecs hold the GIL). The JPEG 2000 series is loaded twice: in a
fresh program (the pool starts inside the timing) and with the pool already started, as
in a running workstation, which starts it after start-up; the workers' own memory is
printed apart (their PSS), since it does not grow with the series.

Run: ``python -m tests.benchmarks.bench_load`` (or through pytest: ``-m slow``).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SHAPE = (300, 512, 512)
REPEATS = 3

_CHILD = r"""
import json, resource, sys, time
kind, folder = sys.argv[1], sys.argv[2]
import numpy as np
if kind.startswith("ours"):
    from concurrent.futures import wait
    from workstation.dicomio import SeriesLoader, scan
    from workstation.dicomio.decode_processes import use_worker_processes, warm_up
    use_worker_processes()  # as the workstation program does
    if kind == "ours-warm":  # as in a running workstation, which starts its decoders after start-up
        wait(warm_up())
else:
    import SimpleITK as sitk
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
t0 = time.perf_counter()
if kind.startswith("ours"):
    result = scan([folder])
    loader = SeriesLoader(result.files)
    loader.decode()
    array = loader.volumes[0].pixels
    assert not loader.volumes[0].failed
else:
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(sitk.ImageSeriesReader.GetGDCMSeriesFileNames(folder))
    image = reader.Execute()
    array = sitk.GetArrayViewFromImage(image)
elapsed = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
workers = 0  # proportional set size of the decoding processes (Linux), shared libraries split
if kind.startswith("ours"):
    from workstation.dicomio import decode_processes
    for pid in list(getattr(decode_processes._pool, "_processes", None) or {}):
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            workers += next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
print(json.dumps({"seconds": elapsed, "extra_bytes": peak - base, "raw_bytes": int(array.nbytes), "workers": workers,
                  "checksum": int(np.asarray(array, dtype=np.int64)[::7, ::7, ::7].sum())}))
"""


def _run(kind: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, kind, str(folder)], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[2])
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(folder: Path, kinds: tuple[str, ...] = ("ours", "sitk")) -> dict[str, dict]:
    results = {}
    for kind in kinds:
        _run(kind, folder)  # warm the page cache and imports
        runs = [_run(kind, folder) for _ in range(REPEATS)]
        results[kind] = {"seconds": statistics.median(r["seconds"] for r in runs),
                         "memory_x": max(r["extra_bytes"] for r in runs) / runs[0]["raw_bytes"],
                         "workers_mb": max(r["workers"] for r in runs) / 2 ** 20, "checksum": runs[0]["checksum"]}
    return results


def make_series(folder: Path, transfer_syntax: str) -> None:
    from workstation.phantoms import write_ct

    write_ct(folder, shape=SHAPE, spacing=(0.7, 0.7, 1.0), transfer_syntax=transfer_syntax)


def main() -> list[tuple[str, dict]]:
    from pydicom.uid import ExplicitVRLittleEndian, JPEG2000Lossless

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        for name, syntax in (("uncompressed", ExplicitVRLittleEndian), ("JPEG 2000 lossless", JPEG2000Lossless)):
            folder = Path(tmp) / name.replace(" ", "_")
            make_series(folder, syntax)
            compressed = syntax != ExplicitVRLittleEndian
            result = measure(folder, ("ours", "ours-warm", "sitk") if compressed else ("ours", "sitk"))
            rows.append((name, result))
            if compressed:
                rows.append((name + ", warm", {"ours": result["ours-warm"], "sitk": result["sitk"]}))
    print(f"\nSeries load, {SHAPE[0]}x{SHAPE[1]}x{SHAPE[2]} int16 CT, median of {REPEATS} (fresh process each)")
    print("'warm': decoding processes already started, as in a running workstation; 'workers MB': their PSS")
    print(f"{'syntax':<26}{'ours s':>8}{'SimpleITK s':>13}{'ratio':>7}{'ours mem':>10}{'SITK mem':>10}{'workers MB':>12}")
    for name, r in rows:
        ratio = r["ours"]["seconds"] / r["sitk"]["seconds"]
        print(f"{name:<26}{r['ours']['seconds']:>8.3f}{r['sitk']['seconds']:>13.3f}{ratio:>7.2f}"
              f"{r['ours']['memory_x']:>9.2f}x{r['sitk']['memory_x']:>9.2f}x{r['ours']['workers_mb']:>12.0f}")
    return rows


@pytest.mark.slow
def test_bench_load():
    rows = main()
    for name, r in rows:
        assert r["ours"]["checksum"] == r["sitk"]["checksum"], f"{name}: ours and SimpleITK read different pixels"


if __name__ == "__main__":
    main()
