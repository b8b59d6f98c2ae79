"""ORM models, one file per resource; importing this registers them all."""

from api.models.base import Base
from api.models.conversation import Conversation
from api.models.customer import Customer
from api.models.feedback import CsatRating, GuardIncident
from api.models.message import Message
from api.models.review import (
    CoachingNote,
    ConversationReview,
    IntentCorrection,
    IntentCorrectionEvent,
    ReviewTag,
)
from api.models.ticket import Ticket, TicketEvent
from api.models.user import StaffUser

__all__ = [
    "Base",
    "CoachingNote",
    "Conversation",
    "ConversationReview",
    "CsatRating",
    "Customer",
    "GuardIncident",
    "IntentCorrection",
    "IntentCorrectionEvent",
    "Message",
    "ReviewTag",
    "StaffUser",
    "Ticket",
    "TicketEvent",
]
