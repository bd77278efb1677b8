"""Decoding compressed frames in worker processes, for codecs that hold the GIL; the
store reads the headers of received files there too, so a retrieve's network thread
keeps the interpreter (see ``workstation.store.local_store._records_of``).

pylibjpeg's JPEG 2000 decoder (pylibjpeg-openjpeg 2.6) keeps the GIL while it decodes:
300 512x512 lossless frames took 1.98 s on one thread and 2.31 s on two, so a thread
pool gives a compressed series no speed-up at all, while an uncompressed one (plain
file reads) scales. Worker processes do scale. The pool is started with ``spawn`` (a
fork of the GUI process would copy its Qt and VTK threads' locks in whatever state
they are), once, on first use, and kept for the life of the program so later studies
do not pay the start-up (~0.3 s per worker: numpy, pydicom and the codecs imported).

Programs opt in with :func:`use_worker_processes` (the ``workstation`` entry point does):
a spawned worker imports the main module of the program that started it, so a script
without an ``if __name__ == "__main__"`` guard would run itself again in every worker.
Until then, and when processes cannot be used (a sandbox without ``sem_open``),
:func:`decoder_pool` returns None and the caller decodes in threads.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

import numpy as np

from workstation.dicomio.frames import PixelLayout
from workstation.model.errors import DicomReadError

log = logging.getLogger(__name__)

#: Fewer compressed files per worker than this are decoded in threads: starting a pool
#: costs more than it saves on a handful of files.
MIN_FILES_PER_WORKER = 2

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_workers = 0
_unavailable = ""  #: why processes cannot be used here, once found
_enabled = False


def use_worker_processes(enabled: bool = True) -> None:
    """Let :func:`decoder_pool` start worker processes (call from a guarded main)."""
    global _enabled
    _enabled = enabled


def decoder_pool(workers: int) -> ProcessPoolExecutor | None:
    """The shared pool of ``workers`` decoding processes (resized when more are asked
    for), or None when this platform cannot run one."""
    global _pool, _workers, _unavailable
    with _lock:
        if _unavailable or not _enabled:
            return None
        if _pool is not None and _workers >= workers:
            return _pool
        try:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        except (OSError, ImportError, NotImplementedError, ValueError) as exc:
            _unavailable = str(exc) or type(exc).__name__
            log.warning("decoding compressed images in threads: worker processes unavailable (%s)", _unavailable)
            return None
        if _pool is not None:
            _pool.shutdown(wait=False)
        _pool, _workers = pool, workers
        return pool


def running_workers() -> int:
    """How many decoding processes the pool has (0: compressed files decode in threads)."""
    with _lock:
        return _workers if _pool is not None else 0


def warm_up(workers: int | None = None) -> list[Future]:
    """Start the workers now, with the codecs imported, so the first compressed study a
    reader opens does not wait for them (~0.5 s each); done when the futures are (none
    when processes are off)."""
    workers = workers or os.cpu_count() or 2
    pool = decoder_pool(workers)
    if pool is None:
        return []
    # an idle pool starts one process per task until it has them all
    return [pool.submit(_import_codecs) for _ in range(workers)]


def _import_codecs() -> None:
    from pydicom.uid import JPEG2000Lossless

    from workstation.dicomio.decoding import decoder_problem

    decoder_problem(JPEG2000Lossless)  # imports pydicom's pixel backends and the JPEG 2000 plugin


def pool_broken(exc: BaseException) -> None:
    """Forget a pool whose process died (a codec crash, the OOM killer) or stopped
    answering: the next task starts a new one; the caller finishes this one's work
    (decoding, or reading received headers) in this process."""
    log.warning("a worker process stopped or did not answer (%s); finishing its work here", exc)
    shutdown()


@atexit.register
def shutdown() -> None:
    """Stop the worker processes without waiting for queued work (the next decode
    starts a new pool)."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def decode_frames(layout: PixelLayout, indices: Sequence[int]) -> list[tuple[int, np.ndarray]] | tuple[str, str]:
    """In a worker: ``(index, frame)`` for ``indices`` of one file, or ``(path, reason)``
    when it cannot be decoded (an exception object would not always survive pickling)."""
    from workstation.dicomio.decoding import iter_frames

    try:
        return list(iter_frames(layout, indices))
    except DicomReadError as exc:
        return exc.path, exc.reason
    except (OSError, MemoryError, ValueError) as exc:
        return layout.path, f"cannot read pixel data ({exc})"
