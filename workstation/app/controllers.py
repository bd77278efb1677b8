"""How features plug into the main window without the window knowing them.

A controller is an object created with ``(window, store)``. It may define:

* ``ACTIONS``: a tuple of :class:`~workstation.app.actions.ActionSpec` (menus, toolbar,
  shortcuts dialog); each is dispatched to the controller's ``on_<action id>()``;
* lifecycle hooks, all optional: ``study_opened(uid, view)``, ``study_planned(uid,
  view)``, ``study_decoded(uid)``, ``study_shown(uid | None)``, ``study_closed(uid)``,
  ``save_all()`` (on quit).

The window calls :func:`notify` for each hook; adding a feature is one line in
:data:`workstation.app.main_window.CONTROLLERS`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

log = logging.getLogger(__name__)

HOOKS = ("study_opened", "study_planned", "study_decoded", "study_shown", "study_closed", "save_all")


def notify(controllers: Iterable[Any], hook: str, *args: Any) -> None:
    """Call ``hook(*args)`` on every controller that has it; one failing controller
    is logged and does not stop the others (or the window)."""
    if hook not in HOOKS:
        raise ValueError(f"unknown hook {hook!r}; known: {HOOKS}")
    for controller in controllers:
        method = getattr(controller, hook, None)
        if method is None:
            continue
        try:
            method(*args)
        except Exception:  # a feature failing must not take the reading session down
            log.exception("%s.%s failed", type(controller).__name__, hook)


def handler(owners: Iterable[Any], action_id: str):
    """The ``on_<action id>`` method of the first controller that has one."""
    for owner in owners:
        method = getattr(owner, f"on_{action_id}", None)
        if method is not None:
            return method
    return None
