/* agent: wires the agent console together. The staff socket (/api/v1/agent/ws,
   session cookie) says when something changed; the page then re-reads the queue
   and, if it is the open one, the conversation. */
"use strict";

(() => {
  const { t, api } = StaffUI;
  const root = document.getElementById("agent-console");
  const me = root.dataset.me;
  const live = document.getElementById("queue-live");
  const QUEUE_REFRESH_MS = 30000; // waiting times move on even when nothing happens
  let current = null; // open conversation id
  let language = "en";

  const queue = new AgentQueue(open);
  const view = new ConversationView(me, (text) => composer.insert(text));
  const composer = new Composer({
    conversation: () => current,
    language: () => language,
    shown: () => view.primaryText(),
    sent: () => reload(true),
  });

  async function open(conversationId) {
    if (conversationId !== current) composer.reset();
    current = conversationId;
    queue.select(conversationId);
    await reload(true);
    document.getElementById("conversation-title").focus();
  }

  async function reload(withSuggestions) {
    if (!current) return;
    const id = current;
    try {
      // Suggestions first: asking for them has the bot read a message it had not seen.
      const suggested = withSuggestions ? await api("GET", `/api/v1/agent/conversations/${id}/suggestions`) : null;
      const detail = await api("GET", `/api/v1/agent/conversations/${id}`);
      if (id !== current) return;
      language = detail.language;
      view.show(detail);
      if (suggested) view.showSuggestions(suggested);
    } catch (err) {
      StaffUI.showError(err);
    }
  }

  async function act(action, doneKey) {
    if (!current) return;
    try {
      await api("POST", `/api/v1/agent/conversations/${current}/${action}`);
      StaffUI.announce(t(doneKey));
      await Promise.all([reload(false), queue.refresh()]);
    } catch (err) {
      StaffUI.showError(err);
    }
  }

  document.getElementById("claim").addEventListener("click", () => act("claim", "claimed"));
  document.getElementById("hand-back").addEventListener("click", () => act("handback", "handed_back"));
  document.getElementById("close-conversation").addEventListener("click", () => act("close", "closed"));

  function ticketForm(formId, method, path, bodyOf, doneKey) {
    const form = document.getElementById(formId);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const ticket = view.detail && view.detail.ticket;
      const body = bodyOf(form);
      if (!ticket || !body) return;
      try {
        await api(method, `/api/v1/tickets/${encodeURIComponent(ticket.ref)}${path}`, body);
        form.reset();
        StaffUI.announce(t(doneKey));
        await Promise.all([reload(false), queue.refresh()]);
      } catch (err) {
        StaffUI.showError(err);
      }
    });
  }

  function filled(form, name) {
    const field = form.elements[name];
    if (field.value.trim()) return field.value.trim();
    StaffUI.showError(new Error(t("ticket_field_empty")));
    field.focus();
    return null;
  }

  ticketForm("ticket-status-form", "PATCH", "", (f) => ({ status: f.elements.status.value }), "ticket_status_saved");
  ticketForm("ticket-note-form", "POST", "/notes", (f) => {
    const text = filled(f, "text");
    return text && { text };
  }, "ticket_note_added");
  ticketForm("ticket-resolve-form", "POST", "/resolve", (f) => {
    const resolution = filled(f, "resolution");
    return resolution && { resolution };
  }, "ticket_resolved");

  function onEvent(event) {
    const about = event.conversation_id;
    if (["handoff", "customer_message", "conversation_state", "resync"].includes(event.type)) queue.refresh();
    if (about && about === current) reload(event.type === "customer_message");
  }

  function connect(delay) {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/agent/ws`);
    socket.addEventListener("open", () => {
      live.dataset.state = "on";
      live.textContent = t("live_on");
      delay = 1000;
      queue.refresh(); // catch up on anything missed while disconnected
    });
    socket.addEventListener("message", (message) => {
      try {
        onEvent(JSON.parse(message.data));
      } catch (err) {
        /* not JSON: ignore */
      }
    });
    socket.addEventListener("close", () => {
      live.dataset.state = "off";
      live.textContent = t("live_off");
      setTimeout(() => connect(Math.min(delay * 2, 30000)), delay);
    });
  }

  queue.refresh();
  connect(1000);
  setInterval(() => queue.refresh(), QUEUE_REFRESH_MS);
  const wanted = new URLSearchParams(window.location.search).get("conversation");
  if (wanted) open(wanted);
})();
