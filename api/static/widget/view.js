/* view: the widget's DOM, in an open shadow root so the shop's styles and ours
   never mix. Message text is only ever set with textContent. */
const TYPING_HIDE_MS = 8000;

function el(tag, className, attrs) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  return node;
}

class View {
  constructor(root, api, lang, actions) {
    this.root = root;
    this.lang = lang;
    this.actions = actions; // {toggle(open), send(text), quick(button), human(), rate(score, comment), restart()}
    this.typingTimer = null;
    this.build(api);
    this.setLang(lang);
  }

  build(api) {
    this.root.append(el("link", null, { rel: "stylesheet", href: `${api}/static/widget/widget.css` }));
    this.launcher = el("button", "launcher", { type: "button", "aria-expanded": "false", "aria-controls": "cca-panel" });
    this.launcher.append(el("span", "launcher-icon", { "aria-hidden": "true" }), el("span", "launcher-text"));
    this.panel = el("section", "panel", { id: "cca-panel", role: "dialog", "aria-labelledby": "cca-title" });
    this.panel.hidden = true;
    const header = el("header", "header");
    const titles = el("div");
    this.title = el("h2", "title", { id: "cca-title" });
    this.subtitle = el("p", "subtitle");
    titles.append(this.title, this.subtitle);
    this.closeButton = el("button", "close", { type: "button" });
    this.closeButton.textContent = "×";
    header.append(titles, this.closeButton);
    this.ref = el("p", "ref", { "data-testid": "ticket-ref" });
    this.ref.hidden = true;
    this.refLabel = el("span", "ref-label");
    this.refValue = el("strong", "ref-value");
    this.ref.append(this.refLabel, " ", this.refValue);
    this.stateBanner = el("p", "banner banner-state", { role: "status" });
    this.connBanner = el("p", "banner banner-conn", { role: "status" });
    this.log = el("ol", "log", { role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" });
    this.welcome = el("li", "msg msg--bot msg--welcome");
    this.typingLine = el("p", "typing", { "aria-live": "polite" });
    this.typingLine.hidden = true;
    this.quick = el("div", "quick", { role: "group" });
    this.composer = this.buildComposer();
    this.human = el("button", "human", { type: "button" });
    this.csat = this.buildCsat();
    this.closed = this.buildClosed();
    this.log.append(this.welcome);
    this.panel.append(header, this.ref, this.stateBanner, this.connBanner, this.log, this.typingLine,
      this.quick, this.composer, this.human, this.csat, this.closed);
    this.root.append(this.launcher, this.panel);
    this.bind();
  }

  buildComposer() {
    const form = el("form", "composer");
    this.inputLabel = el("label", "sr-only", { for: "cca-input" });
    this.input = el("textarea", "input", { id: "cca-input", rows: "2", maxlength: "4000" });
    this.sendButton = el("button", "send", { type: "submit" });
    form.append(this.inputLabel, this.input, this.sendButton);
    return form;
  }

  buildCsat() {
    const form = el("form", "csat");
    form.hidden = true;
    const set = el("fieldset", "csat-scores");
    this.csatLegend = el("legend", "csat-question");
    set.append(this.csatLegend);
    this.csatScale = [el("span", "csat-scale"), el("span", "csat-scale")];
    const scores = el("div", "csat-row");
    this.scoreInputs = [];
    for (let score = 1; score <= 5; score += 1) {
      const input = el("input", "sr-only", { type: "radio", name: "cca-score", id: `cca-score-${score}`, value: String(score) });
      const label = el("label", "csat-score", { for: `cca-score-${score}`, "aria-hidden": "true" });
      label.textContent = String(score);
      this.scoreInputs.push(input);
      scores.append(input, label);
    }
    set.append(this.csatScale[0], scores, this.csatScale[1]);
    this.commentLabel = el("label", "csat-comment-label", { for: "cca-comment" });
    this.comment = el("textarea", "input", { id: "cca-comment", rows: "2", maxlength: "1000" });
    this.csatSubmit = el("button", "send", { type: "submit" });
    this.csatNote = el("p", "csat-note", { role: "status" });
    form.append(set, this.commentLabel, this.comment, this.csatSubmit, this.csatNote);
    return form;
  }

  buildClosed() {
    const box = el("div", "closed");
    box.hidden = true;
    this.closedText = el("p");
    this.newButton = el("button", "human", { type: "button" });
    box.append(this.closedText, this.newButton);
    return box;
  }

  bind() {
    this.launcher.addEventListener("click", () => this.actions.toggle(this.panel.hidden));
    this.closeButton.addEventListener("click", () => this.actions.toggle(false));
    this.panel.addEventListener("keydown", (e) => { if (e.key === "Escape") this.actions.toggle(false); });
    this.composer.addEventListener("submit", (e) => { e.preventDefault(); this.submitInput(); });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.submitInput();
      }
    });
    this.input.addEventListener("input", () => this.actions.typing());
    this.human.addEventListener("click", () => this.actions.human());
    this.newButton.addEventListener("click", () => this.actions.restart());
    this.csat.addEventListener("submit", (e) => { e.preventDefault(); this.submitCsat(); });
  }

  submitInput() {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.actions.send(text);
  }

  submitCsat() {
    const chosen = this.csat.querySelector("input[name=cca-score]:checked");
    if (!chosen) {
      this.csatNote.textContent = t(this.lang, "csat_choose");
      return;
    }
    this.actions.rate(Number(chosen.value), this.comment.value.trim());
  }

  setLang(lang) {
    this.lang = lang;
    const s = (key, vars) => t(lang, key, vars);
    this.root.host.setAttribute("lang", lang);
    this.launcher.querySelector(".launcher-text").textContent = s("launcher_open");
    this.closeButton.setAttribute("aria-label", s("launcher_close"));
    this.title.textContent = s("title");
    this.subtitle.textContent = s("subtitle");
    this.refLabel.textContent = s("ticket_ref_label");
    this.log.setAttribute("aria-label", s("messages_label"));
    this.welcome.textContent = s("welcome");
    this.quick.setAttribute("aria-label", s("quick_replies_label"));
    this.inputLabel.textContent = s("input_label");
    this.input.placeholder = s("placeholder");
    this.sendButton.textContent = s("send");
    this.human.textContent = s("talk_to_person");
    this.csatLegend.textContent = s("csat_question");
    this.csatScale[0].textContent = "1 = " + s("csat_low");
    this.csatScale[1].textContent = "5 = " + s("csat_high");
    this.scoreInputs.forEach((input, i) => input.setAttribute("aria-label", s("csat_score", { score: i + 1 })));
    this.commentLabel.textContent = s("csat_comment_label");
    this.csatSubmit.textContent = s("csat_submit");
    this.closedText.textContent = s("conversation_closed");
    this.newButton.textContent = s("new_conversation");
    for (const who of this.log.querySelectorAll(".who")) who.textContent = s("sender_" + who.dataset.sender) + ": ";
  }

  setOpen(open, focus) {
    this.panel.hidden = !open;
    this.launcher.setAttribute("aria-expanded", String(open));
    if (open && focus) (this.composer.hidden ? this.closeButton : this.input).focus();
    if (!open && focus) this.launcher.focus();
    if (open) this.scrollDown();
  }

  /* Add a message, or update the one with the same key (pending -> sent). */
  upsert(message) {
    const item = el("li", `msg msg--${message.sender}`, { "data-key": message.key });
    const who = el("span", "sr-only who", { "data-sender": message.sender });
    who.textContent = t(this.lang, "sender_" + message.sender) + ": ";
    const text = el("p", "msg-text");
    text.textContent = message.text;
    item.append(who, text);
    if (message.pending || message.failed) {
      const note = el("span", "msg-note");
      note.textContent = t(this.lang, message.failed ? "not_sent" : "sending");
      item.append(note);
      item.classList.add(message.failed ? "msg--failed" : "msg--pending");
    }
    const old = this.log.querySelector(`[data-key="${CSS.escape(message.key)}"]`);
    if (old) old.replaceWith(item);
    else this.log.append(item);
    this.scrollDown();
  }

  clearMessages() { this.log.replaceChildren(this.welcome); }

  scrollDown() { this.log.scrollTop = this.log.scrollHeight; }

  showQuick(buttons) {
    this.quick.replaceChildren();
    for (const button of buttons || []) {
      const node = el("button", "quick-reply", { type: "button" });
      node.textContent = button.title;
      node.addEventListener("click", () => this.actions.quick(button));
      this.quick.append(node);
    }
  }

  showRef(ref) {
    this.ref.hidden = !ref;
    this.refValue.textContent = ref || "";
  }

  showTyping(who, active) {
    clearTimeout(this.typingTimer);
    this.typingLine.hidden = !active;
    this.typingLine.textContent = active ? t(this.lang, who + "_typing") : "";
    if (active) this.typingTimer = setTimeout(() => this.showTyping(who, false), TYPING_HIDE_MS);
  }

  showState(state, waitMinutes) {
    const banner = {
      waiting: waitMinutes ? t(this.lang, "waiting_for_person", { minutes: waitMinutes }) : t(this.lang, "waiting_for_person_soon"),
      agent: t(this.lang, "with_agent"),
    }[state];
    this.stateBanner.textContent = banner || "";
    this.stateBanner.hidden = !banner;
    this.human.hidden = state !== "bot";
    const closed = state === "closed";
    this.composer.hidden = closed;
    if (closed) this.quick.replaceChildren();
  }

  showConnection(status) {
    const text = { reconnecting: t(this.lang, "reconnecting"), polling: t(this.lang, "offline_mode") }[status];
    this.connBanner.textContent = text || "";
    this.connBanner.hidden = !text;
  }

  showCsat(visible, thanked) {
    this.csat.hidden = !visible || thanked;
    this.closed.hidden = !visible;
    this.csatNote.textContent = "";
    if (thanked) this.closedText.textContent = t(this.lang, "csat_thanks") + " " + t(this.lang, "conversation_closed");
    else this.closedText.textContent = t(this.lang, "conversation_closed");
  }

  flash(key) {
    this.connBanner.textContent = t(this.lang, key);
    this.connBanner.hidden = false;
  }
}
