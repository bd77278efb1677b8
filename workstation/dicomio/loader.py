"""Series -> Volume: plan the stacks from headers, then decode pixels in parallel.

Loading is two steps so a viewer can show the first image before the rest has
decoded: :class:`SeriesLoader` plans stacks and allocates every :class:`Volume` from
headers alone (cheap), then :meth:`SeriesLoader.decode` fills the slices, starting
with the one the viewer asked for, and each volume emits ``slice_loaded`` as slices
arrive. Memory stays at the volume's own bytes plus one frame per worker.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace

import numpy as np

from workstation.dicomio.decode_processes import MIN_FILES_PER_WORKER, decode_frames, decoder_pool, pool_broken
from workstation.dicomio.decoding import can_read_natively, iter_frames, read_native_frame
from workstation.dicomio.frames import FrameHeader, PixelLayout, frame_headers
from workstation.dicomio.pet import suv_parameters
from workstation.dicomio.presentation import display_attributes, overlay_planes, shutter_of
from workstation.dicomio.reading import has_pixels, read_header
from workstation.dicomio.records import records_from_dataset
from workstation.dicomio.scanning import ScannedFile, Skipped
from workstation.dicomio.stacking import StackPlan, plan_stacks
from workstation.model.errors import DicomReadError, OperationCancelled
from workstation.model.volume import FrameInfo, Volume

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class _Slot:
    volume: Volume
    k: int
    frame: FrameHeader
    per_frame_rescale: bool


class SeriesLoader:
    """Plan the volumes of one series from its headers and decode them on demand.

    Parameters
    ----------
    files
        Scanned files of one series (other objects of the series without pixels, such
        as SR or presentation states, are ignored here).
    """

    def __init__(self, files: Sequence[ScannedFile]) -> None:
        self.skipped: list[Skipped] = []
        frames: list[FrameHeader] = []
        for scanned in files:
            if not has_pixels(scanned.dataset):
                continue
            try:
                frames.extend(frame_headers(scanned.dataset, scanned.path))
            except Exception as exc:  # a damaged header element: skip this file only
                log.warning("skipping %s: damaged image header (%s)", scanned.path, exc)
                self.skipped.append(Skipped(scanned.path, f"damaged image header ({exc})"))
        self.plans: list[StackPlan] = plan_stacks(frames) if frames else []
        self.volumes: list[Volume] = [_allocate(plan) for plan in self.plans]
        self._slots = []
        for plan, volume in zip(self.plans, self.volumes):
            per_frame_rescale = not plan.uniform_rescale
            self._slots.extend(_Slot(volume, k, frame, per_frame_rescale) for k, frame in zip(plan.grid, plan.frames))
            for k in plan.missing:
                volume.mark_failed(k, "missing slice: no image at this position")

    @classmethod
    def from_paths(cls, paths: Sequence[str | os.PathLike[str]],
                   headers: dict[str, ScannedFile] | None = None) -> SeriesLoader:
        """Plan from file paths (headers are read here); unreadable files are skipped.

        ``headers`` (path -> header) is used and filled, so re-planning a series that is
        still arriving reads each file once; an unreadable file is not remembered and is
        tried again next time (it may still be being written).
        """
        files, skipped = [], []
        for p in paths:
            path = os.fspath(p)
            scanned = headers.get(path) if headers is not None else None
            if scanned is None:
                try:
                    scanned = ScannedFile(path, read_header(path))
                except DicomReadError as exc:
                    skipped.append(Skipped(exc.path, exc.reason))
                    continue
                if headers is not None:
                    headers[path] = scanned
            files.append(scanned)
        loader = cls(files)
        loader.skipped[:0] = skipped
        return loader

    @property
    def frame_count(self) -> int:
        return len(self._slots)

    def decode(
        self,
        *,
        first: tuple[int, int] | None = None,
        workers: int | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        """Decode every slice of every volume.

        Parameters
        ----------
        first
            ``(volume index, slice index)`` to decode before all others (on the calling
            thread, before the pool starts, so it is ready first whatever the load).
        workers
            Decoders running at once (default: one per CPU). Native frames are plain file
            reads in threads; compressed files go to worker processes when there are
            enough of them, because pylibjpeg's codecs hold the GIL (see
            :mod:`workstation.dicomio.decode_processes`).
        progress
            Called with ``(done, total, path)`` on the calling thread.
        cancel
            When set, no new file is started and :class:`OperationCancelled` is raised;
            slices already decoded stay valid.

        Frames that cannot be decoded are recorded in ``volume.failed`` (and logged);
        they do not stop the others.
        """
        tasks = self._tasks(first)
        total, done = len(self._slots), 0
        workers = workers or os.cpu_count() or 2
        if first is not None and tasks:
            # The image on screen is decoded alone, before any other competes for the CPU.
            done += _decode_file(*tasks.pop(0))
            if progress is not None:
                progress(done, total, "")
        coded = sum(1 for layout, _slots in tasks if not can_read_natively(layout))
        processes = decoder_pool(workers) if workers > 1 and coded >= workers * MIN_FILES_PER_WORKER else None
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="decode") as threads:
            pending: dict[Future, tuple[PixelLayout, list[_Slot]]] = {}
            queue = list(reversed(tasks))
            while queue or pending:
                while queue and len(pending) < workers * 2:
                    if cancel is not None and cancel.is_set():
                        queue.clear()
                        break
                    layout, slots = queue.pop()
                    if processes is not None and not can_read_natively(layout):
                        future = processes.submit(decode_frames, layout, [s.frame.index for s in slots])
                    else:
                        future = threads.submit(_decode_file, layout, slots)
                    pending[future] = (layout, slots)
                if not pending:
                    break
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    layout, slots = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool as exc:  # this file, and the rest, in threads
                        if processes is not None:
                            pool_broken(exc)
                            processes = None
                        result = _decode_file(layout, slots)
                    done += result if isinstance(result, int) else _place(layout, slots, result)
                    if progress is not None:
                        progress(done, total, "")
        if cancel is not None and cancel.is_set() and done < total:
            raise OperationCancelled(f"decoding cancelled after {done} of {total} frames")

    def _tasks(self, first: tuple[int, int] | None) -> list[tuple[PixelLayout, list[_Slot]]]:
        by_file: dict[str, list[_Slot]] = defaultdict(list)
        layouts: dict[str, PixelLayout] = {}
        for slot in self._slots:
            by_file[slot.frame.layout.path].append(slot)
            layouts[slot.frame.layout.path] = slot.frame.layout
        order = list(by_file)
        if first is not None and self.volumes:
            volume_index, k = first
            plan = self.plans[volume_index]
            if k in plan.grid:
                target = plan.frames[plan.grid.index(k)].layout.path
                order.remove(target)
                order.insert(0, target)
        return [(layouts[path], by_file[path]) for path in order]


def load_series(
    files: Sequence[ScannedFile],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[Volume]:
    """Plan and fully decode one series; the main stack first."""
    loader = SeriesLoader(files)
    loader.decode(workers=workers, progress=progress, cancel=cancel)
    return loader.volumes


def _decode_file(layout: PixelLayout, slots: list[_Slot]) -> int:
    """Decode the frames of one file into their volume slots; returns frames handled."""
    direct = [s for s in slots if _reads_in_place(layout, s)]
    try:
        for slot in direct:
            read_native_frame(layout, slot.frame.index, slot.volume.pixels[slot.k])
            slot.volume.mark_loaded(slot.k)
        rest = [s for s in slots if s not in direct]
        by_index = {s.frame.index: s for s in rest}
        for index, array in iter_frames(layout, [s.frame.index for s in rest]):
            _store(by_index.pop(index), array)
    except DicomReadError as exc:
        _fail(slots, exc.reason, layout.path)
    except (OSError, MemoryError, ValueError) as exc:
        _fail(slots, f"cannot read pixel data ({exc})", layout.path)
    return len(slots)


def _place(layout: PixelLayout, slots: list[_Slot], result: list[tuple[int, np.ndarray]] | tuple[str, str]) -> int:
    """Put what a worker process decoded (see :func:`decode_frames`) into the slots."""
    if isinstance(result, tuple):
        _fail(slots, result[1], layout.path)
        return len(slots)
    by_index = {s.frame.index: s for s in slots}
    for index, array in result:
        _store(by_index.pop(index), array)
    return len(slots)


def _reads_in_place(layout: PixelLayout, slot: _Slot) -> bool:
    target = slot.volume.pixels[slot.k]
    return (can_read_natively(layout) and not slot.per_frame_rescale and target.dtype == layout.stored_dtype
            and target.flags.c_contiguous)


def _store(slot: _Slot, array: np.ndarray) -> None:
    target = slot.volume.pixels[slot.k]
    if array.shape != target.shape:
        slot.volume.mark_failed(slot.k, f"frame is {array.shape}, expected {target.shape}")
        return
    if slot.per_frame_rescale:
        np.multiply(array, slot.frame.rescale_slope, out=target, casting="unsafe")
        target += slot.frame.rescale_intercept
    else:
        target[...] = array
    slot.volume.mark_loaded(slot.k)


def _fail(slots: list[_Slot], reason: str, path: str) -> None:
    log.warning("cannot decode %s: %s", path, reason)
    for slot in slots:
        if not slot.volume.loaded[slot.k]:
            slot.volume.mark_failed(slot.k, reason)


def _allocate(plan: StackPlan) -> Volume:
    """An empty (zero-filled, lazily committed) Volume for a plan."""
    first = plan.first
    layout = first.layout
    z, y, x = plan.shape
    uniform = plan.uniform_rescale
    if layout.is_colour:
        pixels = np.zeros((z, y, x, 3), dtype=np.uint8)
    elif not uniform:
        pixels = np.zeros((z, y, x), dtype=np.float32)  # per-slice rescale (PET): modality values
    else:
        dtype = np.result_type(*{f.layout.stored_dtype for f in plan.frames})
        pixels = np.zeros((z, y, x), dtype=dtype)
    _, study, series, _ = records_from_dataset(first.dataset, layout.path)
    problems = list(plan.problems)
    if not uniform:
        problems.append("rescale differs per slice: values stored as float32 modality units")
    suv = suv_parameters(first.dataset, [f.dataset for f in plan.frames[:1]] + [plan.frames[-1].dataset])
    return Volume(
        pixels,
        plan.affine,
        rescale_slope=first.rescale_slope if uniform else 1.0,
        rescale_intercept=first.rescale_intercept if uniform else 0.0,
        units=first.units,
        photometric="RGB" if layout.is_colour else layout.photometric,
        spacing_kind=plan.spacing_kind,
        frames=_frame_infos(plan),
        modality=first.modality,
        sop_class_uid=str(first.dataset.get("SOPClassUID", "")),
        study=study,
        series=replace(series, instance_count=len({f.sop_instance_uid for f in plan.frames})),
        frame_of_reference_uid=series.frame_of_reference_uid,
        patient_orientation=first.patient_orientation if not first.has_geometry else None,
        is_volumetric=plan.is_volumetric,
        problems=problems,
        suv=suv,
    )


def _frame_infos(plan: StackPlan) -> list[FrameInfo]:
    """Frame infos with per-instance presentation facts read once per file; missing
    slices get an info with their position only."""
    per_file: dict[str, tuple] = {}
    infos: list[FrameInfo | None] = [None] * plan.slice_count
    for k, frame in zip(plan.grid, plan.frames):
        path = frame.layout.path
        if path not in per_file:
            ds = frame.dataset
            overlays = overlay_planes(ds) if frame.layout.number_of_frames == 1 else ()
            per_file[path] = (display_attributes(ds), overlays, shutter_of(ds))
        attributes, overlays, shutter = per_file[path]
        infos[k] = _frame_info(frame, attributes, overlays, shutter)
    for k in plan.missing:
        position = plan.affine[:3, :3] @ (0.0, 0.0, float(k)) + plan.affine[:3, 3]
        infos[k] = FrameInfo(sop_instance_uid="", position=tuple(float(v) for v in position))
    return infos  # type: ignore[return-value]


def _frame_info(frame: FrameHeader, attributes, overlays, shutter) -> FrameInfo:
    return FrameInfo(
        sop_instance_uid=frame.sop_instance_uid,
        frame_number=frame.index + 1,
        source=frame.layout.path,
        instance_number=frame.instance_number,
        position=frame.position,
        slice_thickness=frame.slice_thickness,
        windows=frame.windows,
        voi_luts=frame.voi_luts,
        overlays=overlays,
        shutter=shutter,
        attributes=attributes,
    )
