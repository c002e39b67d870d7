"""What the signed-in role may do, applied to a page's buttons and actions (docs/permissions.md).

A page gets the user's ``may`` through its ``apply_role``; before that (the program itself: self-test,
tests) everything is allowed, as the services allow it. A button the role lacks is disabled with a tooltip
naming the roles that may use it where hiding it would confuse (a step the clerk sees the hazard wait for),
and hidden where the action has no sense for the role at all.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from safetywatch.domain.permissions import Permission, Role, allowed

May = Callable[[Permission], bool]


def may_everything(_permission: Permission) -> bool:
    """No one signed in: the program itself, which the services do not restrict either."""
    return True


def who_may(permission: Permission) -> str:
    """The tooltip of a button the role lacks, e.g. "Only 安监员 may accept and close hazards."."""
    roles = "/".join(role.label for role in Role if allowed(role, permission))
    return QCoreApplication.translate("RoleGate", "Only {roles} may {action}.").format(
        roles=roles, action=permission.label
    )


def gate(target: QWidget | QAction, may: May, permission: Permission, *, hide: bool = False) -> bool:
    """Disable (or with *hide*, hide) *target* unless the role may; its tooltip says who may. Returns
    whether the role may, for the page's own enabling (selection, busy) to combine with."""
    permitted = may(permission)
    if hide:
        target.setVisible(permitted)
    if not permitted:
        target.setEnabled(False)
        target.setToolTip(who_may(permission))
    return permitted
