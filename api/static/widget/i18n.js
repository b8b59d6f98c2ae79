/* i18n: the widget's chrome strings, per language (UI_STRINGS is injected by the
   server from responses/<lang>/ui.yml). Also small helpers every part uses. */
const DEFAULT_LANGUAGE = UI_STRINGS.en ? "en" : Object.keys(UI_STRINGS)[0];
const TICKET_REF = /CC-[0-9A-HJKMNP-TV-Z]{8}/g;

function pickLanguage(lang) {
  return UI_STRINGS[lang] ? lang : DEFAULT_LANGUAGE;
}

function t(lang, key, vars) {
  const table = UI_STRINGS[pickLanguage(lang)] || {};
  let text = table[key] ?? (UI_STRINGS[DEFAULT_LANGUAGE] || {})[key] ?? key;
  for (const [name, value] of Object.entries(vars || {})) {
    text = text.split("{" + name + "}").join(String(value));
  }
  return text;
}

function lastTicketRef(text) {
  const found = String(text || "").match(TICKET_REF);
  return found ? found[found.length - 1] : null;
}

function newClientId() {
  if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16)); // plain http: no randomUUID
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
