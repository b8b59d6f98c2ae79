/* agent_conversation: one conversation in full (GET /api/v1/agent/conversations/{id}):
   transcript with what the bot understood, the customer's profile and history,
   the ticket, and the suggested replies with their reasons. */
"use strict";

class ConversationView {
  constructor(me, onInsert) {
    this.me = me;
    this.onInsert = onInsert; // (text) => void
    this.byId = (id) => document.getElementById(id);
    this.detail = null;
    this.shown = []; // suggestions on screen, primary first
  }

  show(detail) {
    const { t } = StaffUI;
    this.detail = detail;
    this.byId("conversation-empty").hidden = true;
    this.byId("conversation-body").hidden = false;
    const who = detail.customer ? detail.customer.name || t("queue_anonymous") : t("queue_anonymous");
    this.byId("conversation-summary").textContent = t("conversation_summary", {
      who, language: t(`language_${detail.language}`), state: t(`state_${detail.state}`),
    });
    this.renderActions(detail);
    this.renderTranscript(detail.transcript);
    this.renderProfile(detail.customer);
    this.renderTicket(detail.ticket);
  }

  renderActions(detail) {
    const mine = detail.state === "agent" && detail.assigned_agent === this.me;
    this.byId("claim").disabled = detail.state === "closed" || mine;
    this.byId("hand-back").disabled = !["waiting", "agent"].includes(detail.state);
    this.byId("close-conversation").disabled = detail.state === "closed";
    this.byId("send").disabled = detail.state === "closed";
  }

  renderTranscript(messages) {
    const { el, t } = StaffUI;
    const log = StaffUI.clear(this.byId("transcript"));
    for (const m of messages) {
      const head = el("span", { className: "turn-head" },
        el("strong", { text: t(`sender_${m.sender}`) }),
        m.agent ? el("span", { text: m.agent }) : null,
        el("time", { datetime: m.created_at, className: "muted", text: StaffUI.clock(m.created_at) }));
      const item = el("li", { className: `turn turn--${m.sender}`, dataset: { id: m.id } }, head,
        el("div", { className: "turn-text", text: m.text }));
      if (m.sender === "customer") item.append(this.reading(m));
      log.append(item);
    }
    log.scrollTop = log.scrollHeight;
  }

  reading(m) {
    const { el, t } = StaffUI;
    const parts = [];
    if (m.intent) {
      parts.push(el("span", { className: "badge", text: t("reading_intent", { intent: m.intent }) }));
      const confidence = m.confidence === null ? "?" : Math.round(m.confidence * 100);
      parts.push(el("span", { className: "badge", text: t("reading_confidence", { confidence }) }));
    } else {
      parts.push(el("span", { className: "badge", text: t("reading_unknown") }));
    }
    if (m.anger !== null && m.anger !== undefined) {
      const anger = t("reading_anger", { anger: m.anger.toFixed(2) });
      parts.push(el("span", { className: "badge" + (m.angry ? " badge--angry" : ""), text: anger }));
      if (m.angry) parts.push(el("span", { className: "badge badge--angry", text: t("reading_angry") }));
    }
    return el("div", { className: "turn-reading" }, parts);
  }

  renderProfile(customer) {
    const { el, t } = StaffUI;
    const body = StaffUI.clear(this.byId("profile-body"));
    if (!customer) {
      body.append(el("p", { className: "empty", text: t("profile_none") }));
      return;
    }
    const csat = customer.csat.count
      ? t("profile_csat_value", { average: customer.csat.average, count: customer.csat.count })
      : t("profile_csat_none");
    const contact = [customer.email, customer.phone].filter(Boolean).join(" · ") || "—";
    body.append(this.facts([
      ["profile_name", customer.name || "—"],
      ["profile_tier", el("span", { className: `badge badge--tier-${customer.tier}`, text: customer.tier })],
      ["profile_contact", contact],
      ["profile_csat", csat],
    ]));
    const current = this.detail.ticket ? this.detail.ticket.ref : null;
    const past = customer.tickets.filter((ticket) => ticket.ref !== current);
    body.append(el("h3", { text: t("profile_past_tickets") }));
    body.append(past.length
      ? el("ul", { className: "list" }, past.map((ticket) => el("li", {
        text: `${ticket.ref} · ${t(`category_${ticket.category}`)} · ${t(`status_${ticket.status}`)} · ${StaffUI.clock(ticket.created_at)}`,
      })))
      : el("p", { className: "empty", text: t("profile_no_tickets") }));
  }

  renderTicket(ticket) {
    const { el, t } = StaffUI;
    const body = StaffUI.clear(this.byId("ticket-body"));
    this.byId("ticket-actions").hidden = !ticket;
    if (!ticket) {
      body.append(el("p", { className: "empty", text: t("ticket_none") }));
      return;
    }
    const due = el("span", null, StaffUI.clock(ticket.due_at), " ",
      ticket.overdue ? el("span", { className: "badge badge--overdue", text: t("ticket_overdue") }) : null);
    body.append(this.facts([
      ["ticket_ref", el("strong", { dataset: { testid: "ticket-ref" }, text: ticket.ref })],
      ["ticket_category", t(`category_${ticket.category}`)],
      ["ticket_status", t(`status_${ticket.status}`)],
      ["ticket_priority", t(`priority_${ticket.priority}`)],
      ["ticket_order", ticket.order_number || "—"],
      ["ticket_due", due],
      ["ticket_description", ticket.description || "—"],
    ]));
    const select = this.byId("ticket-status");
    if ([...select.options].some((o) => o.value === ticket.status)) select.value = ticket.status;
  }

  facts(rows) {
    const { el, t } = StaffUI;
    return el("dl", null, rows.map(([key, value]) => [el("dt", { text: t(key) }), el("dd", null, value)]));
  }

  showSuggestions(result) {
    const { el, t } = StaffUI;
    const box = StaffUI.clear(this.byId("suggestions"));
    this.shown = result.suggestions.slice();
    this.byId("suggestions-empty").hidden = this.shown.length > 0;
    result.suggestions.forEach((s, index) => {
      const kind = s.kind === "primary" ? t("suggestion_primary") : t("suggestion_alternative");
      const title = s.category ? `${kind} · ${t(`category_${s.category}`)}` : kind;
      const id = `suggestion-${index}`;
      const card = el("article", {
        className: `suggestion suggestion--${s.kind}`, "aria-labelledby": id, dataset: { testid: "suggestion" },
      },
        el("h4", { id, text: title }),
        el("p", { className: "suggestion-text", text: s.text }),
        el("p", { className: "suggestion-reason", text: this.reason(s.reason) }));
      const insert = el("button", { type: "button", className: "button button--primary", text: t("suggestion_insert") });
      insert.setAttribute("aria-describedby", id);
      insert.addEventListener("click", () => this.onInsert(s.text));
      const reject = el("button", { type: "button", className: "button button--quiet", text: t("suggestion_reject") });
      reject.setAttribute("aria-describedby", id);
      reject.addEventListener("click", () => {
        card.hidden = true;
        StaffUI.announce(t("suggestion_rejected"));
        this.byId("reply").focus(); // the hidden card took the focus with it
      });
      card.append(el("div", { className: "composer-row" }, insert, reject));
      box.append(card);
    });
  }

  reason(reason) {
    const { t } = StaffUI;
    const confidence = reason.confidence === null ? "?" : `${Math.round(reason.confidence * 100)}%`;
    return t("reason_line", {
      why: t(`why_${reason.why}`), intent: reason.intent || t("reason_no_intent"), confidence,
    });
  }

  primaryText() {
    return this.shown.length ? this.shown[0].text : null;
  }
}
