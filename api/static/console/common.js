/* common: what every staff console page shares. No framework, no build step.
   - StaffUI.t(key, vars): the page's strings (responses/<lang>/console_*.yml),
     injected by the server as JSON in #console-strings; "{name}" placeholders.
   - StaffUI.api(method, path, body): fetch JSON with the session cookie; a failure
     throws ApiError with a readable message; StaffUI.showError(err) displays it.
   - StaffUI.el(tag, attrs, ...children): build DOM. Text goes in as text nodes
     (textContent), never as HTML: data from the server is never parsed as markup.
   - StaffUI.announce(text): polite screen-reader announcement. */
"use strict";

const StaffUI = (() => {
  const stringsNode = document.getElementById("console-strings");
  const STRINGS = stringsNode ? JSON.parse(stringsNode.textContent) : {};
  const LANG = document.body.dataset.lang || "en";

  function t(key, vars) {
    let text = STRINGS[key] ?? key;
    for (const [name, value] of Object.entries(vars || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  class ApiError extends Error {
    constructor(status, message, body) {
      super(message);
      this.status = status;
      this.body = body || {};
    }
  }

  function detailOf(body) {
    if (!body) return "";
    if (Array.isArray(body.errors) && body.errors.length) {
      return body.errors.map((e) => (e.field ? `${e.field}: ${e.problem}` : e.problem)).join("; ");
    }
    return typeof body.detail === "string" ? body.detail : "";
  }

  function messageFor(status, body) {
    const detail = detailOf(body);
    if (status === 401) return t("error_signed_out");
    if (status === 403) return t("error_forbidden");
    if (status === 404) return t("error_not_found");
    if (status === 409) return t("error_conflict", { detail });
    if (status === 422 || status === 400) return t("error_invalid", { detail });
    if (status === 429) return t("error_too_many");
    return t("error_generic", { status });
  }

  async function api(method, path, body) {
    const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (err) {
      throw new ApiError(0, t("error_network"));
    }
    const text = response.status === 204 ? "" : await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (err) {
      data = null;
    }
    if (!response.ok) throw new ApiError(response.status, messageFor(response.status, data), data);
    return data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") node.className = value;
      else if (name === "text") node.textContent = String(value);
      else if (name === "dataset") Object.assign(node.dataset, value);
      else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  const errorBox = document.getElementById("console-error");

  function showError(err) {
    if (!errorBox) return;
    if (err && err.status === 401) {
      setTimeout(goToLogin, 1500);
    }
    clear(errorBox);
    const dismiss = el("button", { type: "button", className: "button button--quiet", text: t("dismiss") });
    dismiss.addEventListener("click", hideError);
    errorBox.append(el("span", { text: err && err.message ? err.message : String(err) }), " ", dismiss);
    errorBox.hidden = false;
  }

  function hideError() {
    if (errorBox) {
      errorBox.hidden = true;
      clear(errorBox);
    }
  }

  function goToLogin() {
    const next = window.location.pathname + window.location.search;
    window.location.assign(`/login?next=${encodeURIComponent(next)}`);
  }

  const announcer = document.getElementById("console-announcer");

  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    setTimeout(() => { announcer.textContent = text; }, 50); // re-announce the same text
  }

  function minutesBetween(from, to) {
    return Math.floor((to.getTime() - from.getTime()) / 60000);
  }

  function ago(iso, now) {
    if (!iso) return "";
    const minutes = minutesBetween(new Date(iso), now || new Date());
    if (minutes < 1) return t("time_just_now");
    if (minutes < 60) return t("time_minutes_ago", { minutes });
    return t("time_hours_ago", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  }

  function until(iso, now) {
    if (!iso) return "";
    const minutes = minutesBetween(now || new Date(), new Date(iso));
    return minutes >= 0 ? t("time_in_minutes", { minutes }) : t("time_overdue_by", { minutes: -minutes });
  }

  function clock(iso) {
    if (!iso) return "";
    const locale = LANG === "zh" ? "zh-CN" : "en-GB";
    return new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  const signOut = document.getElementById("sign-out");
  if (signOut) {
    signOut.addEventListener("click", async () => {
      try {
        await api("POST", "/api/v1/auth/logout");
      } catch (err) {
        /* the cookie is cleared client-side below in any case */
      }
      window.location.assign("/login");
    });
  }

  return { LANG, t, api, ApiError, el, append, clear, showError, hideError, announce, ago, until, clock, debounce, goToLogin };
})();
