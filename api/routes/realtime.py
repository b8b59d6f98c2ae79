"""WebSockets: the customer's live chat, and the staff "agents" channel.

Customer socket ``/api/v1/conversations/{id}/ws?token=<conversation token>&after=<id>``:
the server first sends every stored message with an id above ``after`` (catch-up),
then the current ``state`` and ``{"type": "ready", "last_id"}``, then live events
(see ``api/services/announce.py``). The client sends
``{"type": "message", "text", "client_id"}`` (answered with ``{"type": "ack", ...}``;
a resent client_id is stored once) and ``{"type": "typing"}``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from anyio import to_thread
from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from api.config import Settings
from api.deps import SettingsDep, get_chat_services, get_hub
from api.limits import by_conversation, spend
from api.models import Conversation, StaffUser
from api.models.enums import ConversationState
from api.schemas.conversation import MessageCreate
from api.security import read_staff_token, token_matches
from api.services.announce import announce_typing, message_event, state_event
from api.services.chat import ChatServices, take_turn
from api.services.handoff import estimated_wait_minutes
from api.services.history import messages_after
from api.services.realtime import AGENTS, RESYNC, Subscription, conversation_channel

router = APIRouter(tags=["realtime"])
TRY_AGAIN_LATER = 1013


@router.websocket("/api/v1/conversations/{conversation_id}/ws")
async def conversation_socket(
    websocket: WebSocket,
    conversation_id: str,
    settings: SettingsDep,
    token: str = "",
    after: int = 0,
) -> None:
    chat = get_chat_services(websocket)
    if not await to_thread.run_sync(_opens, chat.factory, conversation_id, token):
        await websocket.close(
            status.WS_1008_POLICY_VIOLATION, "this token does not open that conversation"
        )
        return
    await websocket.accept()
    channel = conversation_channel(conversation_id)
    async with chat.hub.subscribe(channel) as events:
        try:
            sent = await _catch_up(websocket, chat.factory, conversation_id, after)
        except WebSocketDisconnect:
            return  # gone during the catch-up
        await _until_first_ends(
            lambda: _forward(websocket, events, sent),
            lambda: _receive(websocket, chat, conversation_id, events, settings),
        )


@router.websocket("/api/v1/agent/ws")
async def agents_socket(websocket: WebSocket, settings: SettingsDep, token: str = "") -> None:
    """Staff only (session cookie or ``?token=``): hand-offs and customer messages
    of conversations that are with people, as they happen."""
    factory = get_chat_services(websocket).factory
    raw = token or websocket.cookies.get("session") or ""
    if not await to_thread.run_sync(_is_staff, factory, settings.secret_key, raw):
        await websocket.close(status.WS_1008_POLICY_VIOLATION, "staff only")
        return
    await websocket.accept()
    async with get_hub(websocket).subscribe(AGENTS) as events:
        await _until_first_ends(
            lambda: _forward(websocket, events, set()), lambda: _drain(websocket)
        )


def _opens(factory: sessionmaker[Session], conversation_id: str, token: str) -> bool:
    with factory() as session:
        conversation = session.get(Conversation, conversation_id)
        return (
            conversation is not None
            and bool(token)
            and token_matches(token, conversation.token_hash)
        )


def _is_staff(factory: sessionmaker[Session], secret_key: str, token: str) -> bool:
    uid = read_staff_token(secret_key, token) if token else None
    with factory() as session:
        user = session.get(StaffUser, uid) if uid is not None else None
        return user is not None and user.active


async def _catch_up(
    websocket: WebSocket, factory: sessionmaker[Session], conversation_id: str, after: int
) -> set[int]:
    """Send what the client has not seen yet, then the state; returns the ids sent."""
    rows = await to_thread.run_sync(messages_after, factory, conversation_id, after)
    for row in rows:
        await websocket.send_json(message_event(row))
    await websocket.send_json(await to_thread.run_sync(_state_now, factory, conversation_id))
    last_id = rows[-1].id if rows else after
    await websocket.send_json({"type": "ready", "last_id": last_id})
    return {row.id for row in rows}


def _state_now(factory: sessionmaker[Session], conversation_id: str) -> dict[str, Any]:
    with factory() as session:
        conversation = session.get_one(Conversation, conversation_id)
        waiting = conversation.state is ConversationState.WAITING
        wait = estimated_wait_minutes(session) if waiting else None
        return state_event(conversation.state, conversation.language, wait)


async def _until_first_ends(*jobs: Callable[[], Awaitable[None]]) -> None:
    async with anyio.create_task_group() as group:
        for job in jobs:
            group.start_soon(_then_cancel, job, group.cancel_scope)


async def _then_cancel(job: Callable[[], Awaitable[None]], scope: anyio.CancelScope) -> None:
    with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
        await job()  # ends when the client goes away (or the server shuts down)
    scope.cancel()


async def _forward(websocket: WebSocket, events: Subscription, already_sent: set[int]) -> None:
    """The only writer on the socket once catch-up is done."""
    while True:
        event = await events.get()
        if event.get("type") == "message" and event["message"]["id"] in already_sent:
            continue  # published while the catch-up was being read
        await websocket.send_json(event)
        if event.get("type") == RESYNC["type"]:
            await websocket.close(TRY_AGAIN_LATER, "fell behind: reconnect and catch up")
            return


async def _receive(
    websocket: WebSocket,
    chat: ChatServices,
    conversation_id: str,
    events: Subscription,
    settings: Settings,
) -> None:
    while True:
        try:
            data = json.loads(await websocket.receive_text())
        except ValueError:
            events.offer({"type": "error", "errors": [{"field": "", "problem": "not JSON"}]})
            continue
        kind = data.get("type") if isinstance(data, dict) else None
        if kind == "typing":
            await announce_typing(chat.hub, conversation_id, "customer")
        elif kind == "message":
            decision = await spend(websocket, settings, "customer_message", by_conversation)
            if decision.allowed:
                events.offer(await _customer_message(chat, conversation_id, data))
            else:
                events.offer(_too_many(data, decision.retry_after))
        else:
            events.offer(
                {"type": "error", "errors": [{"field": "type", "problem": "unknown type"}]}
            )


async def _customer_message(
    chat: ChatServices, conversation_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    try:
        body = MessageCreate.model_validate(
            {k: data[k] for k in ("text", "client_id") if k in data}
        )
    except ValidationError as exc:
        errors = [
            {"field": ".".join(map(str, e["loc"])), "problem": e["msg"]} for e in exc.errors()
        ]
        return {"type": "error", "client_id": data.get("client_id"), "errors": errors}
    with anyio.CancelScope(shield=True):  # a dropped socket must not lose the bot's reply
        turn = await take_turn(chat, conversation_id, body.text, body.client_id)
    return {
        "type": "ack",
        "client_id": body.client_id,
        "message_id": turn.message_id,
        "state": turn.state.value,
        "language": turn.language.value,
        "wait_minutes": turn.wait_minutes,
        "duplicate": turn.duplicate,
    }


def _too_many(data: dict[str, Any], retry_after: int) -> dict[str, Any]:
    problem = f"too many messages: try again in {retry_after} s"
    return {
        "type": "error",
        "client_id": data.get("client_id"),
        "errors": [{"field": "", "problem": problem}],
        "retry_after": retry_after,
    }


async def _drain(websocket: WebSocket) -> None:
    while True:
        await websocket.receive_text()
