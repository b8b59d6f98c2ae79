/* supervisor_list: the transcript search. The filter form becomes the query of
   GET /api/v1/supervisor/transcripts (empty fields left out); results are shown a
   page at a time with their signals as labelled badges; the CSV link always
   carries the same filters. */
"use strict";

const SupervisorList = (() => {
  const { t, api, el, clear, showError, clock } = StaffUI;
  const API = "/api/v1/supervisor/transcripts";
  const EXPORT = "/api/v1/supervisor/exports/transcripts.csv";
  const PAGE_SIZE = 20;
  const form = document.getElementById("filters");
  const results = document.getElementById("results");
  const count = document.getElementById("results-count");
  const pageInfo = document.getElementById("page-info");
  const prev = document.getElementById("page-prev");
  const next = document.getElementById("page-next");
  const exportLink = document.getElementById("export-transcripts");
  let page = 1;
  let selectedId = null;
  let onOpen = () => {};

  function filterParams() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      const text = String(value).trim();
      if (text) params.append(name, text);
    }
    return params;
  }

  async function load(toPage) {
    page = toPage || 1;
    const params = filterParams();
    exportLink.href = params.toString() ? `${EXPORT}?${params}` : EXPORT;
    params.set("page", String(page));
    params.set("page_size", String(PAGE_SIZE));
    try {
      render(await api("GET", `${API}?${params}`));
    } catch (err) {
      showError(err);
    }
  }

  function render(data) {
    clear(results);
    const pages = Math.max(1, Math.ceil(data.total / data.page_size));
    count.textContent = data.total ? t("sv_results_count", { total: data.total }) : t("sv_results_none");
    pageInfo.textContent = t("sv_page", { page: data.page, pages });
    prev.disabled = data.page <= 1;
    next.disabled = data.page >= pages;
    for (const item of data.items) results.append(row(item));
  }

  function row(item) {
    const open = el(
      "button",
      {
        type: "button",
        className: "sv-open",
        dataset: { id: item.id },
        "aria-current": item.id === selectedId ? "true" : null,
        onclick: () => select(item.id),
      },
      el("span", { className: "sv-open-title" }, item.customer || t("sv_anonymous"), " · ", clock(item.created_at)),
      el("span", { className: "sv-open-preview", text: item.preview || t("sv_no_preview") }),
      el("span", { className: "visually-hidden", text: t("sv_open") }),
    );
    return el("li", { className: "sv-result", dataset: { id: item.id } }, open, el("div", { className: "sv-badges" }, badges(item)));
  }

  function badge(text, kind) {
    return el("span", { className: `badge${kind ? ` badge--${kind}` : ""}`, text });
  }

  function badges(item) {
    const list = [badge(t(`sv_language_${item.language}`))];
    for (const category of item.categories) list.push(badge(t(`sv_category_${category}`)));
    if (item.handed_off) list.push(badge(t("sv_badge_handed_off")));
    if (item.angry) list.push(badge(t("sv_badge_angry"), "angry"));
    if (item.guard_incidents) list.push(badge(t("sv_badge_incidents", { count: item.guard_incidents }), "incident"));
    if (item.sunset_breach) list.push(badge(t("sv_badge_breach"), "overdue"));
    if (item.min_confidence !== null && item.min_confidence < 0.6) {
      list.push(badge(t("sv_badge_low_confidence", { percent: Math.round(item.min_confidence * 100) }), "warn"));
    }
    list.push(badge(item.csat === null ? t("sv_csat_none") : t("sv_csat_value", { score: item.csat }), item.csat !== null && item.csat <= 2 ? "angry" : null));
    list.push(badge(item.reviewed ? t("sv_badge_reviewed") : t("sv_badge_not_reviewed"), item.reviewed ? "ok" : null));
    for (const tag of item.tags) list.push(badge(`#${tag}`, "tag"));
    return list;
  }

  function select(id) {
    selectedId = id;
    for (const button of results.querySelectorAll(".sv-open")) {
      if (button.dataset.id === id) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
    onOpen(id);
  }

  function init(openTranscript) {
    onOpen = openTranscript;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      load(1);
    });
    form.addEventListener("reset", () => setTimeout(() => load(1), 0));
    prev.addEventListener("click", () => load(page - 1));
    next.addEventListener("click", () => load(page + 1));
    return load(1);
  }

  return { init, refresh: () => load(page) };
})();
