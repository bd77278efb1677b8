"""The log file IT staff read: INFO and above, rotated, without making the console chatty."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

import pytest

from workstation.app.logfile import LOG_FILE_BACKUPS, LOG_FILE_BYTES, start_file_log


@pytest.fixture
def root_logger():
    """The root logger as the command line leaves it (a console handler at WARNING), restored after."""
    root = logging.getLogger()
    saved_level, saved_handlers = root.level, list(root.handlers)
    console = logging.StreamHandler()
    root.handlers = [console]
    root.setLevel(logging.WARNING)
    yield root, console
    for handler in root.handlers:
        if handler not in saved_handlers:
            handler.close()
    root.handlers = saved_handlers
    root.setLevel(saved_level)


def test_info_goes_to_a_rotating_file_and_the_console_stays_at_warning(root_logger, tmp_path):
    root, console = root_logger
    path = start_file_log(tmp_path / "logs")
    assert path == tmp_path / "logs" / "workstation.log"
    logging.getLogger("workstation.net.retrieve").info("retrieve from pacs: 300 stored")
    logging.getLogger("workstation.net.scp").warning("association from EVIL rejected: unknown calling AE title")
    logging.getLogger("pynetdicom").debug("PDU bytes")  # below INFO: nowhere
    text = path.read_text(encoding="utf-8")
    assert "INFO" in text and "300 stored" in text and "EVIL rejected" in text and "PDU bytes" not in text
    assert console.level == logging.WARNING  # the terminal does not start printing every INFO line
    [handler] = [h for h in root.handlers if isinstance(h, RotatingFileHandler)]
    assert (handler.maxBytes, handler.backupCount) == (LOG_FILE_BYTES, LOG_FILE_BACKUPS)
    assert start_file_log(tmp_path / "logs") == path
    assert len([h for h in root.handlers if isinstance(h, RotatingFileHandler)]) == 1  # not twice


def test_an_unwritable_log_folder_is_said_not_fatal(root_logger, tmp_path, caplog):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    assert start_file_log(blocker / "logs") is None
    assert "no log file" in caplog.text
