/* store: the conversation (id + token), its messages and what is still unsent,
   kept in localStorage so that the history survives a page reload. */
const MAX_KEPT = 200;

class Store {
  constructor(api, lang) {
    this.key = "cca-widget:" + api;
    this.data = this.load() || Store.empty(lang);
  }

  static empty(lang) {
    return {
      conversation: null, lang, state: "bot", waitMinutes: null, lastId: 0,
      messages: [], ref: null, rated: false, open: false,
    };
  }

  load() {
    try {
      const raw = localStorage.getItem(this.key);
      return raw ? JSON.parse(raw) : null;
    } catch (err) {
      return null;
    }
  }

  save() {
    try {
      localStorage.setItem(this.key, JSON.stringify(this.data));
    } catch (err) {
      /* storage unavailable (private mode): the history lasts this page only */
    }
  }

  reset(lang) {
    this.data = Store.empty(lang);
    this.save();
  }

  pending() {
    return this.data.messages.filter((m) => m.pending);
  }

  /* A message the customer just wrote: shown at once, sent (and resent) until the
     server confirms it under its client id. `payload` is what the bot receives. */
  addOwn(text, payload) {
    const clientId = newClientId();
    const message = { key: clientId, clientId, id: null, sender: "customer", text, payload, pending: true };
    this.data.messages.push(message);
    this.save();
    return message;
  }

  /* A message from the server. Returns {message, isNew}, or null for one already
     shown (a catch-up overlapping what arrived live). */
  receive(server) {
    const messages = this.data.messages;
    if (messages.some((m) => m.id === server.id)) return null;
    this.data.lastId = Math.max(this.data.lastId || 0, server.id);
    const own = server.client_id && messages.find((m) => m.clientId === server.client_id);
    if (own) {
      Object.assign(own, { id: server.id, pending: false, failed: false });
      this.save();
      return { message: own, isNew: false };
    }
    const message = {
      key: "s" + server.id, clientId: server.client_id || null, id: server.id,
      sender: server.sender, text: server.text, buttons: server.buttons || null,
    };
    messages.push(message);
    this.trim();
    this.save();
    return { message, isNew: true };
  }

  confirm(clientId, id) {
    const own = this.data.messages.find((m) => m.clientId === clientId);
    if (!own) return null;
    Object.assign(own, { id: own.id || id, pending: false, failed: false });
    this.save();
    return own;
  }

  fail(clientId) {
    const own = this.data.messages.find((m) => m.clientId === clientId);
    if (own) Object.assign(own, { pending: false, failed: true });
    this.save();
    return own;
  }

  trim() {
    const extra = this.data.messages.length - MAX_KEPT;
    if (extra > 0) this.data.messages.splice(0, extra);
  }
}
