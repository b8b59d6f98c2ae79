/* app: wires the store, the connection and the view; reacts to server events. */
const HUMAN_PAYLOAD = "/request_human";
const SCRIPT = document.currentScript || document.querySelector("script[src*='widget.js']");

class Widget {
  constructor(api, lang, root) {
    this.store = new Store(api, lang);
    this.connection = new Connection(api, this.store, {
      event: (e) => this.onEvent(e),
      status: (name) => this.view.showConnection(name),
      forbidden: () => this.restart(),
    });
    this.view = new View(root, api, this.store.data.lang, {
      toggle: (open) => this.toggle(open),
      send: (text) => this.send(text, text),
      quick: (button) => this.send(button.payload, button.title),
      human: () => this.send(HUMAN_PAYLOAD, t(this.store.data.lang, "talk_to_person")),
      typing: () => this.connection.typing(),
      rate: (score, comment) => this.rate(score, comment),
      restart: () => this.restart(),
    });
    this.creating = null;
  }

  start() {
    const data = this.store.data;
    for (const message of data.messages) this.view.upsert(message);
    const last = data.messages[data.messages.length - 1];
    if (last && last.sender === "bot" && data.state === "bot") this.view.showQuick(last.buttons);
    this.view.showRef(data.ref);
    this.applyState();
    this.view.setOpen(Boolean(data.open), false);
    this.connection.start();
  }

  toggle(open) {
    this.store.data.open = open;
    this.store.save();
    this.view.setOpen(open, true);
  }

  async send(payload, shown) {
    if (!(await this.ensureConversation())) return;
    const message = this.store.addOwn(shown, payload);
    this.view.upsert(message);
    this.view.showQuick([]);
    this.connection.send(message);
  }

  async ensureConversation() {
    if (this.store.data.conversation) return true;
    this.creating = this.creating || this.connection.createConversation(this.store.data.lang);
    try {
      this.store.data.conversation = await this.creating;
      this.store.save();
      this.connection.start();
      return true;
    } catch (err) {
      this.view.flash("error_generic");
      return false;
    } finally {
      this.creating = null;
    }
  }

  onEvent(event) {
    const handlers = {
      message: () => this.onMessage(event.message),
      state: () => this.onState(event),
      typing: () => { if (event.who !== "customer") this.view.showTyping(event.who, event.active); },
      ack: () => this.onAck(event),
      error: () => { const m = event.client_id && this.store.fail(event.client_id); if (m) this.view.upsert(m); },
    };
    (handlers[event.type] || (() => {}))();
  }

  onMessage(server) {
    const received = this.store.receive(server);
    if (!received) return;
    const { message, isNew } = received;
    this.view.upsert(message);
    if (server.sender === "customer" && server.language) this.setLang(server.language);
    if (server.sender === "bot" || server.sender === "agent") this.view.showTyping(server.sender, false);
    const ref = server.sender !== "customer" && lastTicketRef(server.text);
    if (ref) {
      this.store.data.ref = ref;
      this.store.save();
      this.view.showRef(ref);
    }
    if (isNew || server.sender === "customer") {
      const buttons = server.sender === "bot" && this.store.data.state === "bot" ? server.buttons : [];
      this.view.showQuick(buttons);
    }
  }

  onState(event) {
    if (event.language) this.setLang(event.language);
    Object.assign(this.store.data, { state: event.state, waitMinutes: event.wait_minutes ?? null });
    this.store.save();
    this.applyState();
  }

  onAck(event) {
    const message = this.store.confirm(event.client_id, event.message_id);
    if (message) this.view.upsert(message);
    if (event.state) this.onState(event);
  }

  applyState() {
    const data = this.store.data;
    this.view.showState(data.state, data.waitMinutes);
    if (data.state !== "bot") this.view.showQuick([]);
    this.view.showCsat(data.state === "closed", data.rated);
  }

  setLang(lang) {
    if (!UI_STRINGS[lang] || lang === this.store.data.lang) return;
    this.store.data.lang = lang;
    this.store.save();
    this.view.setLang(lang);
    this.applyState();
  }

  async rate(score, comment) {
    try {
      await this.connection.rate(score, comment);
    } catch (err) {
      if (err.status !== 409) return this.view.flash("error_generic");
    }
    this.store.data.rated = true;
    this.store.save();
    this.applyState();
  }

  restart() {
    this.connection.stop();
    this.store.reset(this.store.data.lang);
    this.store.data.open = !this.view.panel.hidden;
    this.view.clearMessages();
    this.view.showRef(null);
    this.view.showQuick([]);
    this.view.showConnection("online");
    this.applyState();
  }
}

function boot() {
  if (!SCRIPT || document.getElementById("cca-widget")) return;
  const api = (SCRIPT.dataset.api || new URL(SCRIPT.src).origin).replace(/\/+$/, "");
  const lang = pickLanguage(SCRIPT.dataset.lang || document.documentElement.lang);
  const host = document.createElement("div");
  host.id = "cca-widget";
  document.body.append(host);
  const widget = new Widget(api, lang, host.attachShadow({ mode: "open" }));
  widget.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
