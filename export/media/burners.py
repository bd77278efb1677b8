"""Burning an ISO image with the system's burner, behind one interface, and verifying it.

* Linux: ``xorriso`` (libburn; CD, DVD and BD, in cdrecord emulation) or ``growisofs``
  (DVD/BD only).
* Windows: IMAPI2 (the Image Mastering API every Windows since XP SP2 has), driven by
  a PowerShell script: no program to install.

A "device" is what the burner writes to: ``/dev/sr0``, an IMAPI2 recorder ID, or, for
xorriso, ``stdio:/path/file`` — a simulated burn into an ordinary file that goes through
the same libburn code path as a disc (used by the tests; no drive needed).

Verification (:func:`verify_burn`) reads the disc back and compares the SHA-256 of its
first ``len(image)`` bytes with the image's: drives pad the last track, so only the
image's length is compared.
"""

from __future__ import annotations

import abc
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workstation.model.errors import OperationCancelled, WorkstationError

Progress = Callable[[int, int, str], None]

CHUNK = 1 << 20
SIMULATED_PREFIX = "stdio:"


class BurnError(WorkstationError):
    """Burning or verifying failed; the message says what the burner reported."""


@dataclass(frozen=True)
class BurnDevice:
    """A drive (or a simulated target) a burner can write to."""

    device: str  #: what to pass to :meth:`Burner.burn`
    description: str = ""

    def __str__(self) -> str:
        return f"{self.description} ({self.device})" if self.description else self.device


@dataclass(frozen=True)
class BurnResult:
    device: str
    image: Path
    sha256: str
    verified: bool | None  #: None when not verified


def sha256_of(path: str | os.PathLike[str], nbytes: int | None = None, *, progress: Progress | None = None,
              cancel: threading.Event | None = None) -> str:
    """SHA-256 of the first ``nbytes`` of a file or device (all of it when None).

    Raises
    ------
    BurnError
        The device holds fewer than ``nbytes`` bytes.
    """
    digest = hashlib.sha256()
    remaining = nbytes
    total = nbytes or os.path.getsize(path)
    done = 0
    with open(path, "rb", buffering=0) as f:
        while remaining is None or remaining > 0:
            if cancel is not None and cancel.is_set():
                raise OperationCancelled("verification cancelled")
            block = f.read(CHUNK if remaining is None else min(CHUNK, remaining))
            if not block:
                break
            digest.update(block)
            done += len(block)
            if remaining is not None:
                remaining -= len(block)
            if progress is not None:
                progress(done, total, "verifying")
    if remaining:
        raise BurnError(f"{path} holds only {done} of the image's {nbytes} bytes")
    return digest.hexdigest()


def _run(command: list[str], *, progress_pattern: re.Pattern[str] | None, progress: Progress | None,
         cancel: threading.Event | None) -> str:
    """Run a burner, relaying its progress lines; terminates it on cancel."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors="replace")
    lines = []
    watcher = None
    if cancel is not None:
        def stop() -> None:
            while process.poll() is None:
                if cancel.wait(0.2):
                    process.terminate()
                    return
        watcher = threading.Thread(target=stop, daemon=True, name="burn-cancel")
        watcher.start()
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line.rstrip())
        match = progress_pattern.search(line) if progress_pattern else None
        if match and progress is not None:
            progress(int(float(match.group(1)) * 10), int(float(match.group(2)) * 10), line.strip())
    code = process.wait()
    log = "\n".join(lines)
    if cancel is not None and cancel.is_set():
        raise OperationCancelled("burning cancelled (the disc may be unusable)")
    if code != 0:
        raise BurnError(f"{Path(command[0]).name} failed (exit {code}): " + " | ".join(lines[-3:]))
    return log


class Burner(abc.ABC):
    """One way of writing an image to a disc."""

    name: str = ""

    @abc.abstractmethod
    def available(self) -> bool:
        """Whether the burner's program exists on this system."""

    @abc.abstractmethod
    def devices(self) -> list[BurnDevice]:
        """The writers this burner sees (empty when none)."""

    @abc.abstractmethod
    def burn(self, image: Path, device: str, *, simulate: bool = False, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> None:
        """Write ``image`` to ``device``; ``simulate`` runs the drive without the laser (dummy write)."""

    def read_path(self, device: str) -> str:
        """What to open to read the written disc back."""
        return device[len(SIMULATED_PREFIX):] if device.startswith(SIMULATED_PREFIX) else device


class XorrisoBurner(Burner):
    """libburn through ``xorriso -as cdrecord``: CD-R/RW, DVD±R/RW, BD; ``stdio:FILE`` simulates."""

    name = "xorriso"
    _DEVICE = re.compile(r"-dev\s+'([^']+)'\s+\S+\s*:\s*'([^']*)'\s*'([^']*)'")
    _PROGRESS = re.compile(r"(\d+) of\s+(\d+) MB written")

    def available(self) -> bool:
        return shutil.which("xorriso") is not None

    def devices(self) -> list[BurnDevice]:
        if not self.available():
            return []
        done = subprocess.run(["xorriso", "-devices"], capture_output=True, text=True, errors="replace",
                              timeout=60)
        return [BurnDevice(m.group(1), f"{m.group(2).strip()} {m.group(3).strip()}".strip())
                for m in self._DEVICE.finditer(done.stdout + done.stderr)]

    def burn(self, image: Path, device: str, *, simulate: bool = False, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> None:
        command = ["xorriso", "-as", "cdrecord", "-v", f"dev={device}", "-dao", "-eject"]
        if device.startswith(SIMULATED_PREFIX):
            command.remove("-eject")
        if simulate:
            command.append("-dummy")
        _run(command + [os.fspath(image)], progress_pattern=self._PROGRESS, progress=progress, cancel=cancel)


class GrowisofsBurner(Burner):
    """``growisofs`` (dvd+rw-tools): DVD and BD only."""

    name = "growisofs"
    _PROGRESS = re.compile(r"(\d+)/(\d+) \(\s*[\d.]+%\)")

    def available(self) -> bool:
        return shutil.which("growisofs") is not None

    def devices(self) -> list[BurnDevice]:
        return [BurnDevice(p, "optical drive") for p in sorted(glob.glob("/dev/sr[0-9]*"))] if self.available() else []

    def burn(self, image: Path, device: str, *, simulate: bool = False, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> None:
        command = ["growisofs", "-dvd-compat"] + (["-dry-run"] if simulate else []) + [f"-Z{device}={image}"]
        _run(command, progress_pattern=self._PROGRESS, progress=progress, cancel=cancel)


_IMAPI2_DEVICES = r"""
$master = New-Object -ComObject IMAPI2.MsftDiscMaster2
foreach ($id in $master) {
  $r = New-Object -ComObject IMAPI2.MsftDiscRecorder2
  $r.InitializeDiscRecorder($id)
  Write-Output ("{0}|{1}|{2} {3}" -f $id, ($r.VolumePathNames -join ','), $r.VendorId.Trim(), $r.ProductId.Trim())
}
"""

_IMAPI2_BURN = r"""
param([string]$RecorderId, [string]$Image)
Add-Type -TypeDefinition @'
using System;
using System.Runtime.InteropServices;
using System.Runtime.InteropServices.ComTypes;
public static class IsoStream {
  [DllImport("shlwapi.dll", CharSet = CharSet.Unicode, PreserveSig = false)]
  static extern void SHCreateStreamOnFileEx(string file, uint mode, uint attributes, bool create,
                                            IStream template, out IStream stream);
  public static IStream Open(string path) {
    IStream s; SHCreateStreamOnFileEx(path, 0x20, 0x80, false, null, out s); return s;  // STGM_SHARE_DENY_WRITE
  }
}
'@
$recorder = New-Object -ComObject IMAPI2.MsftDiscRecorder2
$recorder.InitializeDiscRecorder($RecorderId)
$format = New-Object -ComObject IMAPI2.MsftDiscFormat2Data
$format.Recorder = $recorder
$format.ClientName = 'workstation'
$format.ForceMediaToBeClosed = $true
$stream = [IsoStream]::Open($Image)
$format.Write($stream)
Write-Output 'written'
"""


class Imapi2Burner(Burner):
    """Windows IMAPI2 (``IMAPI2.MsftDiscFormat2Data``) through PowerShell."""

    name = "IMAPI2"

    def available(self) -> bool:
        return sys.platform == "win32" and shutil.which("powershell") is not None

    def _powershell(self, script: str, *args: str, progress: Progress | None = None,
                    cancel: threading.Event | None = None) -> str:
        return _run(["powershell", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command",
                     script, *args], progress_pattern=None, progress=progress, cancel=cancel)

    def devices(self) -> list[BurnDevice]:
        if not self.available():
            return []
        found = []
        for line in self._powershell(_IMAPI2_DEVICES).splitlines():
            parts = line.split("|")
            if len(parts) == 3:
                found.append(BurnDevice(parts[0], f"{parts[2].strip()} {parts[1]}".strip()))
        return found

    def burn(self, image: Path, device: str, *, simulate: bool = False, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> None:
        if simulate:
            raise BurnError("IMAPI2 has no simulated burn; burn to a real disc or write an ISO file")
        script = "& {" + _IMAPI2_BURN + "}"
        self._powershell(script, device, os.fspath(image), progress=progress, cancel=cancel)

    def read_path(self, device: str) -> str:
        """The first volume letter of the recorder, opened raw (``\\\\.\\E:``)."""
        for found in self.devices():
            if found.device == device:
                letter = found.description.split()[-1].split(",")[0].rstrip("\\")
                return f"\\\\.\\{letter}"
        raise BurnError(f"recorder {device} has no drive letter to read the disc back from")


def default_burner() -> Burner:
    """IMAPI2 on Windows; xorriso, else growisofs, elsewhere (xorriso when neither exists,
    so the error names a program the user can install)."""
    if sys.platform == "win32":
        return Imapi2Burner()
    for burner in (XorrisoBurner(), GrowisofsBurner()):
        if burner.available():
            return burner
    return XorrisoBurner()


def verify_burn(burner: Burner, image: str | os.PathLike[str], device: str, *, expected: str | None = None,
                progress: Progress | None = None, cancel: threading.Event | None = None) -> bool:
    """Read the disc back and compare its first ``len(image)`` bytes with the image (SHA-256;
    ``expected`` is the image's digest when already known)."""
    size = os.path.getsize(image)
    expected = expected or sha256_of(image, cancel=cancel)
    return sha256_of(burner.read_path(device), size, progress=progress, cancel=cancel) == expected


def burn_image(image: str | os.PathLike[str], device: str, *, burner: Burner | None = None, verify: bool = True,
               simulate: bool = False, progress: Progress | None = None,
               cancel: threading.Event | None = None) -> BurnResult:
    """Burn ``image`` to ``device`` and, if asked, verify it by reading it back.

    Raises
    ------
    BurnError
        The burner failed, or verification found a difference.
    OperationCancelled
        When ``cancel`` is set.
    """
    image = Path(image)
    if not image.is_file():
        raise FileNotFoundError(f"no ISO image at {image}")
    burner = burner or default_burner()
    if not burner.available():
        raise BurnError(f"{burner.name} is not installed: cannot burn (write an ISO file and burn it elsewhere)")
    burner.burn(image, device, simulate=simulate, progress=progress, cancel=cancel)
    digest = sha256_of(image, cancel=cancel)
    verified = None
    if verify and not simulate:
        verified = verify_burn(burner, image, device, expected=digest, progress=progress, cancel=cancel)
        if not verified:
            raise BurnError(f"verification failed: the disc in {device} differs from {image.name}")
    return BurnResult(device, image, digest, verified)
