/* supervisor_dashboard: GET /api/v1/supervisor/dashboard drawn as figure tiles,
   four Chart.js charts (the library is served locally from /static/vendor/) and
   the table of the messages the bot understood worst. */
"use strict";

const SupervisorDashboard = (() => {
  const { t, api, el, clear, showError, clock } = StaffUI;
  const API = "/api/v1/supervisor/dashboard";
  const $ = (id) => document.getElementById(id);
  const COLOURS = ["#0a4fa6", "#b45309", "#0d7a3e", "#a4161a", "#6b3fa0", "#00838f", "#5c3b00", "#c2185b", "#455a64", "#7a7a00"];
  const charts = {};
  let loaded = false;
  let onOpen = () => {};

  const percent = (share) => (share === null ? t("sv_no_data") : t("sv_percent", { value: (share * 100).toFixed(1) }));
  const minutes = (value) => (value === null ? t("sv_no_data") : t("sv_minutes", { value: value.toFixed(1) }));
  const hours = (value) => (value === null ? t("sv_no_data") : t("sv_hours", { value: value.toFixed(1) }));

  function tile(id, label, value, detail) {
    return el("div", { className: "card sv-tile", id },
      el("p", { className: "sv-tile-label", text: label }),
      el("p", { className: "sv-tile-value", text: value }),
      el("p", { className: "muted", text: detail }));
  }

  function renderTiles(d) {
    clear($("dash-tiles")).append(
      tile("tile-handoff", t("sv_tile_handoff"), percent(d.handoff.rate),
        t("sv_tile_handoff_detail", { handed: d.handoff.handed_off, total: d.handoff.conversations })),
      tile("tile-first-response", t("sv_tile_first_response"), minutes(d.first_response.median_minutes),
        t("sv_tile_count_detail", { count: d.first_response.count })),
      tile("tile-resolution", t("sv_tile_resolution"), hours(d.resolution.median_hours),
        t("sv_tile_resolved_detail", { count: d.resolution.resolved })),
      tile("tile-sunset", t("sv_tile_sunset"), percent(d.resolution.share_within_sunset),
        t("sv_tile_sunset_detail", { within: d.resolution.within_sunset, due: d.resolution.due_passed })),
      tile("tile-csat", t("sv_tile_csat"), d.csat.average === null ? t("sv_no_data") : d.csat.average.toFixed(2),
        t("sv_tile_csat_detail", { count: d.csat.count })),
    );
  }

  function draw(key, config) {
    if (typeof Chart === "undefined") return; // the page still shows tiles and tables
    if (charts[key]) charts[key].destroy();
    const base = { responsive: true, maintainAspectRatio: false, animation: false };
    charts[key] = new Chart($(`chart-${key}`), { ...config, options: { ...base, ...(config.options || {}) } });
  }

  function renderCharts(d) {
    const days = d.complaints_per_day.days;
    draw("complaints", {
      type: "bar",
      data: {
        labels: days,
        datasets: Object.entries(d.complaints_per_day.series).map(([category, counts], i) => ({
          label: t(`sv_category_${category}`), data: counts, backgroundColor: COLOURS[i % COLOURS.length],
        })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
    draw("handoff", {
      type: "line",
      data: {
        labels: d.handoff.per_day.map((x) => x.day),
        datasets: [
          { label: t("sv_chart_conversations"), data: d.handoff.per_day.map((x) => x.conversations), borderColor: COLOURS[0], backgroundColor: COLOURS[0] },
          { label: t("sv_chart_handed_off"), data: d.handoff.per_day.map((x) => x.handed_off), borderColor: COLOURS[1], backgroundColor: COLOURS[1] },
        ],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    const scores = Object.keys(d.csat.distribution);
    draw("csat", {
      type: "bar",
      data: {
        labels: scores.map((score) => t("sv_chart_score", { score })),
        datasets: [{ label: t("sv_chart_ratings"), data: scores.map((s) => d.csat.distribution[s]), backgroundColor: COLOURS[2] }],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    const agents = d.guard_incidents.per_agent;
    draw("incidents", {
      type: "bar",
      data: {
        labels: [...agents.map((a) => a.agent), t("sv_chart_bot")],
        datasets: [{ label: t("sv_chart_incident_count"), data: [...agents.map((a) => a.count), d.guard_incidents.bot], backgroundColor: COLOURS[3] }],
      },
      options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function renderWorst(d) {
    const body = clear($("worst").querySelector("tbody"));
    $("worst-empty").hidden = d.worst_understood.length > 0;
    for (const m of d.worst_understood) {
      const open = el("button", { type: "button", className: "sv-link", text: m.text, onclick: () => onOpen(m.conversation_id) });
      body.append(el("tr", {},
        el("td", {}, open),
        el("td", { text: m.intent || "–" }),
        el("td", { text: m.confidence === null ? "–" : `${Math.round(m.confidence * 100)}%` }),
        el("td", { text: m.corrected_intent || "–" }),
        el("td", { text: clock(m.created_at) })));
    }
  }

  async function load() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData($("dash-form"))) if (String(value)) params.append(name, String(value));
    try {
      const d = await api("GET", params.toString() ? `${API}?${params}` : API);
      loaded = true;
      $("dash-range").textContent = t("sv_dash_range", { from: d.date_from, to: d.date_to });
      renderTiles(d);
      renderCharts(d);
      renderWorst(d);
    } catch (err) {
      showError(err);
    }
  }

  function init(openTranscript) {
    onOpen = openTranscript;
    $("dash-form").addEventListener("submit", (event) => {
      event.preventDefault();
      load();
    });
  }

  return { init, show: () => (loaded ? undefined : load()) };
})();
