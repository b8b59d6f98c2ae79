/* agent_queue: the live queue (waiting conversations, then mine) and my tickets.
   Reads GET /api/v1/agent/queue; new arrivals are highlighted and announced. */
"use strict";

class AgentQueue {
  constructor(onOpen) {
    this.onOpen = onOpen; // (conversationId) => void
    this.list = document.getElementById("queue");
    this.empty = document.getElementById("queue-empty");
    this.count = document.getElementById("queue-count");
    this.tickets = document.getElementById("my-tickets");
    this.ticketsEmpty = document.getElementById("my-tickets-empty");
    this.known = null; // conversation ids shown last time (null before the first load)
    this.current = null;
    this.loading = null;
  }

  refresh() {
    // One request at a time; a refresh asked for meanwhile runs right after it.
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = StaffUI.api("GET", "/api/v1/agent/queue")
      .then((queue) => this.render(queue))
      .catch((err) => StaffUI.showError(err))
      .finally(() => {
        this.loading = null;
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
    return this.loading;
  }

  select(conversationId) {
    this.current = conversationId;
    for (const button of this.list.querySelectorAll(".queue-item")) {
      button.setAttribute("aria-current", String(button.dataset.id === conversationId));
    }
  }

  render(queue) {
    const items = [...queue.waiting, ...queue.mine];
    const arrived = this.known ? queue.waiting.filter((i) => !this.known.has(i.conversation_id)) : [];
    this.known = new Set(items.map((i) => i.conversation_id));
    StaffUI.clear(this.list);
    for (const item of items) this.list.append(this.renderItem(item, arrived.includes(item)));
    this.empty.hidden = items.length > 0;
    this.count.textContent = String(queue.waiting.length);
    for (const item of arrived) StaffUI.announce(StaffUI.t("queue_new_handoff", { who: this.who(item) }));
    this.renderTickets(queue.my_tickets);
  }

  who(item) {
    return item.customer_name || StaffUI.t("queue_anonymous");
  }

  renderItem(item, isNew) {
    const { el, t } = StaffUI;
    const title = el("span", { className: "queue-item-title" },
      el("span", { text: this.who(item) }),
      el("span", { className: `badge badge--tier-${item.tier}`, text: `${t("profile_tier")} ${item.tier}` }),
      item.angry ? el("span", { className: "badge badge--angry", text: t("queue_reason_anger") }) : null,
      item.state === "agent" ? el("span", { className: "badge", text: t("queue_with_me") }) : null);
    const facts = [t(`language_${item.language}`)];
    if (item.waiting_since) facts.push(t("queue_waiting", { minutes: this.minutesSince(item.waiting_since) }));
    if (item.ticket_due_at) facts.push(t("queue_due", { when: StaffUI.until(item.ticket_due_at) }));
    const button = el("button", {
      type: "button",
      className: "queue-item" + (isNew ? " queue-item--new" : ""),
      dataset: { id: item.conversation_id, testid: "queue-item" },
      "aria-current": String(item.conversation_id === this.current),
    }, title,
      el("span", { className: "queue-item-meta", text: facts.join(" · ") }),
      item.last_message ? el("span", { className: "queue-item-meta", text: `“${item.last_message}”` }) : null);
    button.addEventListener("click", () => this.onOpen(item.conversation_id));
    return el("li", null, button);
  }

  minutesSince(iso) {
    return Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000));
  }

  renderTickets(tickets) {
    const { el, t } = StaffUI;
    StaffUI.clear(this.tickets);
    for (const ticket of tickets) {
      const line = [t(`category_${ticket.category}`), t(`status_${ticket.status}`), StaffUI.until(ticket.due_at)];
      const label = el("span", null, el("strong", { text: ticket.ref }), " ",
        ticket.overdue ? el("span", { className: "badge badge--overdue", text: t("ticket_overdue") }) : null,
        el("span", { className: "queue-item-meta", text: " " + line.join(" · ") }));
      const opens = ticket.conversation_id;
      const node = opens
        ? el("button", { type: "button", className: "queue-item", dataset: { ticket: ticket.ref } }, label)
        : label;
      if (opens) node.addEventListener("click", () => this.onOpen(ticket.conversation_id));
      this.tickets.append(el("li", null, node));
    }
    this.ticketsEmpty.hidden = tickets.length > 0;
  }
}
