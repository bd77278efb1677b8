"""The ``workstation`` command: a thin layer over the same logic the GUI calls.

``workstation`` alone starts the GUI; every sub-command is registered by a module in
this package (``archive``, ``display``, ...) with a ``register(subparsers)`` function.
Exit codes: 0 success, 1 failure (one line on stderr), 2 bad usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit
from urllib.request import url2pathname

from workstation import __version__
from workstation.app.cli import (
    anonymize,
    archive,
    display,
    export_images,
    listen,
    media,
    nodes,
    query,
    retrieve,
    send,
    sr,
)
from workstation.app.cli import open as open_command
from workstation.app.cli._output import CliError
from workstation.model import WorkstationError

COMMAND_MODULES = (archive, display, sr, media, anonymize, nodes, query, retrieve, send, listen, export_images,
                   open_command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workstation",
        description="DICOM diagnostic reading workstation. Without a command, starts the viewer.",
    )
    parser.add_argument("--version", action="version", version=f"workstation {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens (to stderr)")
    parser.add_argument("--self-test", nargs="?", const="", default=None, metavar="OUT_DIR",
                        help="check headless that this installation reads, decodes, renders and writes "
                             "DICOM (one PASS/FAIL line per part); keep the files in OUT_DIR when given")
    parser.add_argument("--media", default=None, metavar="PATH",
                        help="open the patient disc (DICOMDIR) at PATH read-only: the portable viewer")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def only_paths(argv: list[str], parser: argparse.ArgumentParser) -> bool:
    """Whether the command line is nothing but existing files/folders (a desktop's "Open
    with", a .dcm double-click), which is not a command of its own."""
    commands = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return bool(argv) and argv[0] not in commands and all(
        not a.startswith("-") and os.path.exists(a) for a in argv)


def run(argv: Sequence[str] | None = None) -> int:
    """The program's entry point (the ``workstation`` command, ``python -m workstation``,
    the bundle): :func:`main` plus what only a whole program may decide, here decoding
    compressed images in worker processes (see :mod:`workstation.dicomio.decode_processes`)."""
    from workstation.dicomio.decode_processes import use_worker_processes

    use_worker_processes()
    return main(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) == 1 and argv[0].lower().startswith(f"{open_command.URL_SCHEME}:"):
        try:  # a workstation:// link from a RIS/HIS, browser or desktop: `workstation open ...`
            argv = open_command.argv_from_url(argv[0])
        except CliError as exc:
            print(f"workstation: {exc}", file=sys.stderr)
            return exc.exit_code
    if len(argv) == 1 and argv[0].startswith("file://"):  # a desktop's %u for a local file
        argv = [url2pathname(urlsplit(argv[0]).path)]
    parser = build_parser()
    if only_paths(argv, parser):  # "Open with Workstation" on files or a folder
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        try:
            return open_command.view_paths(argv)
        except CliError as exc:
            print(f"workstation: {exc}", file=sys.stderr)
            return exc.exit_code
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.self_test is not None:
        from workstation.app.self_test import main as self_test

        return self_test(args.self_test or None)
    if args.command is None and args.media is not None:
        from workstation.app.media.media_mode import start_media

        return start_media(args.media)
    if args.command is None:
        return display.start_gui([])
    try:
        return int(args.run(args) or 0)
    except CliError as exc:
        print(f"workstation {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except WorkstationError as exc:  # the program's own failures say what went wrong in words
        logging.getLogger(__name__).info("%s failed", args.command, exc_info=True)  # the traceback with --verbose
        print(f"workstation {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"workstation {args.command}: interrupted", file=sys.stderr)
        return 130
