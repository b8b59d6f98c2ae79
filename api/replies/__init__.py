"""Bot replies: per-language Jinja2 templates under ``responses/``, rendered from a
``ReplyContext`` the API builds (see docs/CONTRACTS.md, "Bot responses")."""

from api.replies.context import ReplyContext, TicketSummary
from api.replies.renderer import (
    Button,
    RenderedReply,
    ReplyRenderer,
    UnknownResponseError,
    get_renderer,
    render,
)

__all__ = [
    "Button",
    "RenderedReply",
    "ReplyContext",
    "ReplyRenderer",
    "TicketSummary",
    "UnknownResponseError",
    "get_renderer",
    "render",
]
