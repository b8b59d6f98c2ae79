/* supervisor_transcript: one transcript for review. Every message with sender,
   time, the bot's reading (intent, confidence, any correction), anger, the phrase
   guard's result and, for agent messages, how the suggestion was used; tags and
   coaching notes on the conversation or one message; the reviewed mark; guard
   incidents; relabelling a customer message with the right intent. */
"use strict";

const SupervisorTranscript = (() => {
  const { t, api, el, clear, showError, announce, clock } = StaffUI;
  const API = "/api/v1/supervisor";
  const $ = (id) => document.getElementById(id);
  const body = $("tv-body");
  let current = null;
  let intents = [];
  let onChange = () => {};

  const path = (suffix) => `${API}/transcripts/${encodeURIComponent(current.id)}${suffix || ""}`;

  async function open(id) {
    try {
      current = await api("GET", `${API}/transcripts/${encodeURIComponent(id)}`);
      render();
      $("tv-title").focus();
    } catch (err) {
      showError(err);
    }
  }

  async function act(call, message) {
    try {
      await call();
      current = await api("GET", path());
      render();
      if (message) announce(message);
      onChange();
      return true;
    } catch (err) {
      showError(err);
      return false;
    }
  }

  function render() {
    $("tv-empty").hidden = true;
    body.hidden = false;
    body.dataset.id = current.id;
    renderMeta();
    renderReview();
    renderTags();
    renderNotes();
    renderTargets();
    renderIncidents();
    clear($("tv-messages")).append(...current.messages.map(messageItem));
  }

  function renderMeta() {
    const c = current;
    const tickets = c.tickets.map((tk) =>
      el("span", { className: "sv-ticket" }, t("sv_ticket_line", { ref: tk.ref, category: t(`sv_category_${tk.category}`), status: t(`sv_status_${tk.status}`) }),
        tk.sunset_breach ? el("span", { className: "badge badge--overdue", text: t("sv_badge_breach") }) : null));
    const rows = [
      ["sv_meta_customer", c.customer || t("sv_anonymous")],
      ["sv_meta_started", clock(c.created_at)],
      ["sv_meta_language", t(`sv_language_${c.language}`)],
      ["sv_meta_state", t(`sv_state_${c.state}`)],
      ["sv_meta_handed_off", c.handed_off ? t("sv_yes") : t("sv_no")],
      ["sv_meta_agent", c.assigned_agent || "–"],
      ["sv_meta_tickets", tickets.length ? tickets : "–"],
      ["sv_meta_rating", c.csat ? [t("sv_csat_value", { score: c.csat.score }), c.csat.comment ? ` “${c.csat.comment}”` : ""] : t("sv_csat_none")],
    ];
    clear($("tv-meta")).append(...rows.flatMap(([key, value]) => [el("dt", { text: t(key) }), el("dd", {}, value)]));
  }

  function renderReview() {
    const review = current.review;
    const button = $("tv-review");
    button.textContent = review ? t("sv_unmark_reviewed") : t("sv_mark_reviewed");
    button.setAttribute("aria-pressed", review ? "true" : "false");
    $("tv-review-status").textContent = review
      ? t("sv_reviewed_by", { who: review.reviewer, when: clock(review.reviewed_at) })
      : t("sv_not_reviewed");
  }

  function tagChip(tag) {
    const remove = el("button", {
      type: "button", className: "sv-chip-remove", text: "×",
      "aria-label": t("sv_remove_tag", { tag: tag.tag }),
      onclick: () => act(() => api("DELETE", path(`/tags/${tag.id}`)), t("sv_tag_removed")),
    });
    const where = tag.message_id ? el("span", { className: "muted", text: ` ${t("sv_on_message", { id: tag.message_id })}` }) : null;
    return el("li", { className: "sv-chip", dataset: { tag: tag.tag } }, `#${tag.tag}`, where, remove);
  }

  function renderTags() {
    const list = clear($("tv-tags"));
    if (!current.tags.length) list.append(el("li", { className: "empty", text: t("sv_tags_none") }));
    list.append(...current.tags.map(tagChip));
  }

  function noteItem(note) {
    const remove = el("button", {
      type: "button", className: "button button--quiet", text: t("sv_remove_note"),
      onclick: () => act(() => api("DELETE", path(`/notes/${note.id}`)), t("sv_note_removed")),
    });
    const where = note.message_id ? ` · ${t("sv_on_message", { id: note.message_id })}` : "";
    return el("li", { className: "sv-note" },
      el("p", { className: "sv-note-text", text: note.text }),
      el("p", { className: "muted" }, t("sv_note_by", { who: note.author, when: clock(note.created_at) }), where, " ", remove));
  }

  function renderNotes() {
    const list = clear($("tv-notes"));
    if (!current.notes.length) list.append(el("li", { className: "empty", text: t("sv_notes_none") }));
    list.append(...current.notes.map(noteItem));
  }

  function renderTargets() {
    for (const id of ["tag-target", "note-target"]) {
      const select = clear($(id));
      select.append(el("option", { value: "", text: t("sv_whole_conversation") }));
      for (const m of current.messages) {
        const text = m.text.length > 40 ? `${m.text.slice(0, 39)}…` : m.text;
        select.append(el("option", { value: String(m.id), text: t("sv_message_target", { id: m.id, sender: t(`sv_sender_${m.sender}`), text }) }));
      }
    }
  }

  function incidentItem(incident) {
    const head = t("sv_incident_line", {
      when: clock(incident.created_at),
      source: t(`sv_incident_source_${incident.source}`),
      action: t(`sv_incident_action_${incident.action}`),
    });
    const violations = incident.violations.map((v) => el("li", { text: t("sv_violation", { phrase: v.phrase || "", category: v.category || "" }) }));
    return el("li", { className: "sv-incident" },
      el("p", {}, el("strong", { text: head }), incident.agent ? ` · ${t("sv_incident_agent", { who: incident.agent })}` : ""),
      el("p", { className: "sv-msg-text", text: incident.text }),
      el("ul", {}, violations));
  }

  function renderIncidents() {
    const list = clear($("tv-incidents"));
    if (!current.incidents.length) list.append(el("li", { className: "empty", text: t("sv_incidents_none") }));
    list.append(...current.incidents.map(incidentItem));
  }

  const fact = (text, kind) => el("span", { className: `badge${kind ? ` badge--${kind}` : ""}`, text });

  function readingFacts(m) {
    const facts = [m.intent ? fact(t("sv_intent", { intent: m.intent })) : fact(t("sv_no_intent"))];
    if (m.confidence !== null) facts.push(fact(t("sv_confidence", { percent: Math.round(m.confidence * 100) }), m.confidence < 0.6 ? "warn" : null));
    if (m.corrected_intent) facts.push(fact(t("sv_corrected", { intent: m.corrected_intent }), "ok"));
    if (m.anger !== null) facts.push(fact(t("sv_anger", { anger: m.anger.toFixed(2) }), m.angry ? "angry" : null));
    return facts;
  }

  function sentFacts(m) {
    const facts = [];
    if (m.guard) {
      const key = m.guard.overridden ? "sv_guard_overridden" : m.guard.clean === false ? "sv_guard_flagged" : "sv_guard_clean";
      facts.push(fact(t(key), key === "sv_guard_clean" ? "ok" : "angry"));
    }
    if (m.sender === "agent") facts.push(fact(t(m.suggestion_use ? `sv_suggestion_${m.suggestion_use}` : "sv_suggestion_none")));
    return facts;
  }

  function marksOn(m) {
    const tags = current.tags.filter((x) => x.message_id === m.id).map((x) => fact(`#${x.tag}`, "tag"));
    const notes = current.notes.filter((x) => x.message_id === m.id).map((x) => el("p", { className: "sv-msg-note", text: x.text }));
    return [tags.length ? el("div", { className: "sv-badges" }, tags) : null, ...notes];
  }

  function messageItem(m) {
    const head = el("div", { className: "sv-msg-head" },
      el("strong", { text: t(`sv_sender_${m.sender}`) }), m.agent ? ` (${m.agent})` : "",
      " · ", el("time", { datetime: m.created_at, text: clock(m.created_at) }), ` · #${m.id}`);
    const suggested = m.suggestion_text
      ? el("details", {}, el("summary", { text: t("sv_suggested_text") }), el("p", { className: "sv-msg-text", text: m.suggestion_text }))
      : null;
    const target = el("button", {
      type: "button", className: "button button--quiet sv-small", text: t("sv_tag_or_note_message", { id: m.id }),
      onclick: () => { $("tag-target").value = String(m.id); $("note-target").value = String(m.id); $("tag-input").focus(); },
    });
    return el("li", { className: `sv-msg sv-msg--${m.sender}`, id: `msg-${m.id}`, dataset: { id: m.id } },
      head,
      el("p", { className: "sv-msg-text", text: m.text }),
      m.delivery === "bot_unavailable" ? el("p", { className: "muted", text: t("sv_delivery_bot_unavailable") }) : null,
      el("div", { className: "sv-badges" }, m.sender === "customer" ? readingFacts(m) : sentFacts(m)),
      suggested, ...marksOn(m),
      el("div", { className: "sv-row" }, target),
      m.sender === "customer" ? relabelForm(m) : null);
  }

  function relabelForm(m) {
    const select = el("select", { id: `relabel-${m.id}`, name: "intent" },
      el("option", { value: "", text: t("sv_relabel_choose") }),
      intents.map((name) => el("option", { value: name, text: name, selected: name === m.corrected_intent })));
    const undo = m.corrected_intent
      ? el("button", {
          type: "button", className: "button button--quiet", text: t("sv_undo_relabel"),
          onclick: () => act(() => api("DELETE", `${API}/messages/${m.id}/intent`), t("sv_relabel_removed")),
        })
      : null;
    const form = el("form", { className: "sv-relabel", novalidate: true },
      el("label", { for: select.id, text: t("sv_relabel_label", { id: m.id }) }), select,
      el("button", { type: "submit", className: "button", text: t("sv_relabel") }), undo);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!select.value) return showError(new Error(t("sv_relabel_pick")));
      const intent = select.value;
      act(() => api("PUT", `${API}/messages/${m.id}/intent`, { intent }), t("sv_relabelled", { id: m.id, intent }));
    });
    return form;
  }

  function targetBody(select, extra) {
    return select.value ? { ...extra, message_id: Number(select.value) } : extra;
  }

  function bindForms() {
    $("tv-review").addEventListener("click", () => {
      const marked = Boolean(current && current.review);
      act(() => api(marked ? "DELETE" : "PUT", path("/review")), t(marked ? "sv_unmarked_reviewed" : "sv_marked_reviewed"));
    });
    $("tag-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const tag = $("tag-input").value.trim();
      if (!tag) return showError(new Error(t("sv_field_empty")));
      if (await act(() => api("POST", path("/tags"), targetBody($("tag-target"), { tag })), t("sv_tag_added", { tag }))) $("tag-input").value = "";
    });
    $("note-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = $("note-input").value.trim();
      if (!text) return showError(new Error(t("sv_field_empty")));
      if (await act(() => api("POST", path("/notes"), targetBody($("note-target"), { text })), t("sv_note_added"))) $("note-input").value = "";
    });
  }

  function init(knownIntents, changed) {
    intents = knownIntents;
    onChange = changed;
    bindForms();
  }

  return { init, open };
})();
