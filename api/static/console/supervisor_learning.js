/* supervisor_learning: the intent corrections collected from transcripts, their
   downloads (Rasa NLU YAML and CSV, optionally one language), and the tickets CSV. */
"use strict";

const SupervisorLearning = (() => {
  const { api, el, clear, showError, clock } = StaffUI;
  const API = "/api/v1/supervisor";
  const $ = (id) => document.getElementById(id);
  let onOpen = () => {};

  function withLanguage(path) {
    const language = $("corr-language").value;
    return language ? `${path}?language=${encodeURIComponent(language)}` : path;
  }

  function predicted(c) {
    if (!c.original_intent) return "–";
    const confidence = c.original_confidence === null ? "" : ` (${Math.round(c.original_confidence * 100)}%)`;
    return `${c.original_intent}${confidence}`;
  }

  async function load() {
    $("export-nlu").href = withLanguage(`${API}/exports/corrections.yml`);
    $("export-corrections-csv").href = withLanguage(`${API}/exports/corrections.csv`);
    try {
      const rows = await api("GET", withLanguage(`${API}/corrections`));
      const body = clear($("corrections").querySelector("tbody"));
      $("corrections-empty").hidden = rows.length > 0;
      for (const c of rows) {
        const open = el("button", { type: "button", className: "sv-link", text: c.text, onclick: () => onOpen(c.conversation_id) });
        body.append(el("tr", {},
          el("td", {}, open),
          el("td", { text: predicted(c) }),
          el("td", { text: c.corrected_intent }),
          el("td", { text: c.corrected_by }),
          el("td", { text: clock(c.corrected_at) })));
      }
    } catch (err) {
      showError(err);
    }
  }

  function downloadTickets(event) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData($("tickets-export"))) if (String(value)) params.append(name, String(value));
    const url = `${API}/exports/tickets.csv${params.toString() ? `?${params}` : ""}`;
    const link = el("a", { href: url, download: "" });
    document.body.append(link);
    link.click();
    link.remove();
  }

  function init(openTranscript) {
    onOpen = openTranscript;
    $("corr-language").addEventListener("change", load);
    $("tickets-export").addEventListener("submit", downloadTickets);
  }

  return { init, show: load };
})();
