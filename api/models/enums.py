"""Closed vocabularies shared by models, schemas and the core."""

from __future__ import annotations

import enum


class Tier(enum.StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Language(enum.StrEnum):
    EN = "en"
    ZH = "zh"


class ConversationState(enum.StrEnum):
    BOT = "bot"
    WAITING = "waiting"  # waiting for a person
    AGENT = "agent"  # with an agent
    CLOSED = "closed"


class Sender(enum.StrEnum):
    CUSTOMER = "customer"
    BOT = "bot"
    AGENT = "agent"
    SYSTEM = "system"


class Category(enum.StrEnum):
    LATE_DELIVERY = "late_delivery"
    LOST_PARCEL = "lost_parcel"
    DAMAGED_GOODS = "damaged_goods"
    WRONG_ITEM = "wrong_item"
    PRODUCT_DEFECT = "product_defect"
    REFUND = "refund"
    BILLING = "billing"
    STAFF_ATTITUDE = "staff_attitude"
    NO_RESPONSE = "no_response"
    OTHER = "other"


class TicketStatus(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING_CUSTOMER = "waiting_customer"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"


class Priority(enum.StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Role(enum.StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"


class SuggestionUse(enum.StrEnum):
    AS_IS = "as_is"
    EDITED = "edited"
    REJECTED = "rejected"
