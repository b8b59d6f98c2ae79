/* agent_composer: the reply box. While the agent types, the text goes through the
   phrase guard (POST /api/v1/guard/check, debounced) and each violating span is
   highlighted with its suggested alternative. Send posts the message with how a
   suggestion was used; a text the guard still flags needs "Send anyway". */
"use strict";

const GUARD_DEBOUNCE_MS = 350; // the guard endpoint is rate-limited: at most ~3 checks a second
const TYPING_EVERY_MS = 3000;

class Composer {
  constructor(callbacks) {
    this.callbacks = callbacks; // {conversation() -> id, language() -> "en"|"zh", shown() -> text|null, sent()}
    this.form = document.getElementById("composer");
    this.box = document.getElementById("reply");
    this.preview = document.getElementById("guard-preview");
    this.warning = document.getElementById("guard-warning");
    this.status = document.getElementById("composer-status");
    this.sendButton = document.getElementById("send");
    this.anyway = document.getElementById("send-anyway");
    this.inserted = null; // the suggestion text put in the box, if any
    this.checkSeq = 0;
    this.lastTyping = 0;
    this.check = StaffUI.debounce(() => this.runCheck(), GUARD_DEBOUNCE_MS);
    this.box.addEventListener("input", () => this.changed());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send(false);
    });
    this.anyway.addEventListener("click", () => this.send(true));
  }

  reset() {
    this.box.value = "";
    this.inserted = null;
    this.showVerdict(null);
    this.anyway.hidden = true;
    this.status.textContent = "";
  }

  insert(text) {
    this.box.value = text;
    this.inserted = text;
    this.box.focus();
    this.status.textContent = StaffUI.t("suggestion_inserted");
    this.changed();
  }

  changed() {
    if (!this.box.value.trim()) this.inserted = null;
    this.anyway.hidden = true;
    this.sayTyping();
    this.check();
  }

  sayTyping() {
    const id = this.callbacks.conversation();
    const now = Date.now();
    if (!id || !this.box.value || now - this.lastTyping < TYPING_EVERY_MS) return;
    this.lastTyping = now;
    StaffUI.api("POST", `/api/v1/agent/conversations/${id}/typing`).catch(() => {});
  }

  async runCheck() {
    const text = this.box.value;
    const seq = ++this.checkSeq;
    if (!text.trim()) {
      this.showVerdict(null);
      return;
    }
    try {
      const verdict = await StaffUI.api("POST", "/api/v1/guard/check", { text, language: this.callbacks.language() });
      if (seq === this.checkSeq) this.showVerdict(verdict.violations, text);
    } catch (err) {
      if (err.status !== 429) StaffUI.showError(err); // rate-limited: the next keystroke checks again
    }
  }

  showVerdict(violations, text) {
    const { el, t } = StaffUI;
    StaffUI.clear(this.preview);
    StaffUI.clear(this.warning);
    const found = violations && violations.length > 0;
    this.preview.hidden = !found;
    this.warning.hidden = !found;
    this.box.setAttribute("aria-invalid", String(Boolean(found)));
    if (!found) return;
    this.preview.append(...this.highlighted(text, violations));
    const first = this.preview.querySelector("mark");
    if (first) this.preview.scrollTop = Math.max(0, first.offsetTop - 24); // preview is the offsetParent
    const items = violations.map((v) => el("li", null,
      t("guard_violation", { phrase: v.phrase, suggestion: v.suggestion }), " ",
      el("button", {
        type: "button", className: "button button--quiet", text: t("guard_use_alternative"),
        onclick: () => this.useAlternative(v),
      })));
    this.warning.append(el("p", { text: t("guard_found") }), el("ul", null, items));
  }

  /* Offsets from the server count Unicode code points; JS strings count UTF-16 units. */
  highlighted(text, violations) {
    const chars = Array.from(text);
    const parts = [];
    let at = 0;
    for (const v of [...violations].sort((a, b) => a.start - b.start)) {
      if (v.start < at) continue;
      parts.push(chars.slice(at, v.start).join(""));
      parts.push(StaffUI.el("mark", { text: chars.slice(v.start, v.end).join(""), title: v.suggestion }));
      at = v.end;
    }
    parts.push(chars.slice(at).join(""));
    return parts;
  }

  useAlternative(violation) {
    const chars = Array.from(this.box.value);
    const before = chars.slice(0, violation.start).join("");
    const after = chars.slice(violation.end).join("");
    this.box.value = before + violation.suggestion + after;
    this.box.focus();
    this.changed();
  }

  body(text, override) {
    const body = { text, override };
    if (this.inserted) body.suggestion_text = this.inserted;
    else if (this.callbacks.shown()) body.suggestion_shown = this.callbacks.shown();
    return body;
  }

  async send(override) {
    const { t } = StaffUI;
    const id = this.callbacks.conversation();
    const text = this.box.value.trim();
    if (!id) return;
    if (!text) {
      this.status.textContent = t("reply_empty");
      this.box.focus();
      return;
    }
    this.sendButton.disabled = true;
    this.status.textContent = t("sending");
    try {
      await StaffUI.api("POST", `/api/v1/agent/conversations/${id}/messages`, this.body(text, override));
      this.reset();
      this.status.textContent = t("sent");
      this.callbacks.sent();
    } catch (err) {
      this.refused(err, text);
    } finally {
      this.sendButton.disabled = false;
    }
  }

  refused(err, text) {
    if (err.status === 422 && Array.isArray(err.body.violations)) {
      this.showVerdict(err.body.violations, text);
      this.anyway.hidden = false;
      this.status.textContent = StaffUI.t("guard_send_refused");
      this.anyway.focus();
      return;
    }
    this.status.textContent = "";
    StaffUI.showError(err);
  }
}
