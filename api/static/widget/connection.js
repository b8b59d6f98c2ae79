/* connection: a WebSocket that reconnects with backoff and catches up from the last
   message id it saw; unsent messages are resent with their client id (the server
   stores each once). If WebSockets are blocked while HTTP works, it falls back to
   POST + long-polling GET .../messages?after=<id>. */
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
const PROBE_HTTP_AFTER = 3; // failed socket opens in a row before asking "is HTTP fine?"
const FALL_BACK_AFTER = 2; // ... and socket failures while HTTP works before polling
const TYPING_EVERY_MS = 3000;
const POLL_WAIT_S = 20;

class Connection {
  constructor(api, store, on) {
    this.api = api;
    this.store = store;
    this.on = on; // {event(e), status(name), forbidden()}
    this.ws = null;
    this.ready = false;
    this.stopped = true;
    this.polling = false;
    this.failures = 0;
    this.blocked = 0;
    this.timer = null;
    this.lastTyping = 0;
    this.inflight = new Set();
    window.addEventListener("online", () => this.reconnectNow());
  }

  start() {
    if (!this.store.data.conversation || !this.stopped) return;
    this.stopped = false;
    if (this.polling) this.poll();
    else this.open();
  }

  stop() {
    this.stopped = true;
    this.polling = false;
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    this.ready = false;
    if (ws) ws.close(1000);
  }

  reconnectNow() {
    if (this.stopped || this.polling || this.ws) return;
    clearTimeout(this.timer);
    this.open();
  }

  socketUrl() {
    const c = this.store.data.conversation;
    const base = this.api.replace(/^http/, "ws");
    return `${base}/api/v1/conversations/${encodeURIComponent(c.id)}/ws`
      + `?token=${encodeURIComponent(c.token)}&after=${this.store.data.lastId || 0}`;
  }

  open() {
    if (typeof WebSocket === "undefined") return this.startPolling();
    let opened = false;
    const ws = new WebSocket(this.socketUrl());
    this.ws = ws;
    ws.onopen = () => { opened = true; this.failures = 0; this.blocked = 0; };
    ws.onmessage = (e) => this.handle(JSON.parse(e.data));
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.ready = false;
      if (this.stopped) return;
      if (e.code === 1008) return this.on.forbidden();
      this.on.status("reconnecting");
      this.retry(opened);
    };
  }

  handle(event) {
    if (event.type === "ready") {
      this.ready = true;
      this.on.status("online");
    }
    this.on.event(event);
    if (event.type === "ready") this.flush();
  }

  async retry(opened) {
    if (!opened) this.failures += 1;
    if (this.failures >= PROBE_HTTP_AFTER) {
      this.blocked = (await this.httpWorks()) ? this.blocked + 1 : 0;
      if (this.blocked >= FALL_BACK_AFTER) return this.startPolling();
    }
    if (this.stopped) return;
    const base = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.timer = setTimeout(() => this.open(), base * (0.75 + Math.random() / 2));
  }

  /* Send one of the customer's messages now if we can; otherwise it stays pending
     and goes out with the next flush (after the socket's catch-up). */
  send(message) {
    if (this.polling) return this.post(message);
    if (this.ready && this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: "message", text: message.payload, client_id: message.clientId }));
    }
  }

  flush() {
    for (const message of this.store.pending()) this.send(message);
  }

  typing() {
    const now = Date.now();
    if (!this.ready || !this.ws || now - this.lastTyping < TYPING_EVERY_MS) return;
    this.lastTyping = now;
    this.ws.send(JSON.stringify({ type: "typing" }));
  }

  /* ---- HTTP ---- */

  async request(method, path, body) {
    const c = this.store.data.conversation;
    const response = await fetch(`${this.api}/api/v1/conversations/${encodeURIComponent(c.id)}${path}`, {
      method,
      headers: { Authorization: `Bearer ${c.token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw Object.assign(new Error("HTTP " + response.status), { status: response.status });
    return response.json();
  }

  async httpWorks() {
    try {
      await this.request("GET", "");
      return true;
    } catch (err) {
      return err.status === 403;
    }
  }

  async createConversation(language) {
    const response = await fetch(`${this.api}/api/v1/conversations`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ language, channel: "web" }),
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const created = await response.json();
    return { id: created.id, token: created.token };
  }

  rate(score, comment) {
    return this.request("POST", "/csat", comment ? { score, comment } : { score });
  }

  startPolling() {
    if (this.polling) return;
    this.polling = true;
    this.on.status("polling");
    this.poll();
  }

  async poll() {
    while (this.polling && !this.stopped) {
      try {
        this.flush();
        const rows = await this.request("GET", `/messages?after=${this.store.data.lastId || 0}&wait=${POLL_WAIT_S}`);
        for (const row of rows) this.on.event({ type: "message", message: row });
        const c = await this.request("GET", "");
        this.on.event({ type: "state", state: c.state, language: c.language, wait_minutes: c.wait_minutes });
      } catch (err) {
        if (err.status === 403) return this.on.forbidden();
        await sleep(5000);
      }
    }
  }

  async post(message) {
    if (this.inflight.has(message.clientId)) return;
    this.inflight.add(message.clientId);
    try {
      const body = await this.request("POST", "/messages", { text: message.payload, client_id: message.clientId });
      this.on.event({
        type: "ack", client_id: message.clientId, message_id: body.message_id,
        state: body.state, language: body.language, wait_minutes: body.wait_minutes,
      });
    } catch (err) {
      if (err.status === 422 || err.status === 429) this.on.event({ type: "error", client_id: message.clientId });
    } finally {
      this.inflight.delete(message.clientId);
    }
  }
}
