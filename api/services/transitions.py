"""The ticket lifecycle as a table: which status may follow which, and why not."""

from __future__ import annotations

from api.models.enums import TicketStatus

S = TicketStatus

ALLOWED: dict[TicketStatus, frozenset[TicketStatus]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.WAITING_CUSTOMER, S.RESOLVED}),
    S.IN_PROGRESS: frozenset({S.WAITING_CUSTOMER, S.RESOLVED}),
    S.WAITING_CUSTOMER: frozenset({S.IN_PROGRESS, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.REOPENED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.IN_PROGRESS, S.WAITING_CUSTOMER, S.RESOLVED}),
}

OPEN: frozenset[TicketStatus] = frozenset({S.NEW, S.IN_PROGRESS, S.WAITING_CUSTOMER, S.REOPENED})
"""Statuses in which the customer is still waiting for us (a due time applies)."""


class InvalidTransition(ValueError):
    """A status change the lifecycle does not allow; the message says why."""


def allowed_targets(current: TicketStatus) -> frozenset[TicketStatus]:
    return ALLOWED[current]


def can_move(current: TicketStatus, target: TicketStatus) -> bool:
    return target in ALLOWED[current]


def check_transition(current: TicketStatus, target: TicketStatus) -> None:
    """Raise ``InvalidTransition`` with a human reason unless ``current → target`` is allowed."""
    if can_move(current, target):
        return
    if current == target:
        raise InvalidTransition(f"the ticket is already {current.value}")
    options = ", ".join(sorted(s.value for s in ALLOWED[current]))
    raise InvalidTransition(
        f"a {current.value} ticket cannot become {target.value}; it can become: {options}"
    )
