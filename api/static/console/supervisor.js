/* supervisor: wires the console's parts and its tabs (ARIA tabs: arrow keys, Home
   and End move between them). Opening a transcript from the dashboard or the
   corrections list switches to the transcripts tab. */
"use strict";

(() => {
  const { api, showError } = StaffUI;
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const shown = { dashboard: () => SupervisorDashboard.show(), learning: () => SupervisorLearning.show() };

  function selectTab(tab, focus) {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", selected ? "true" : "false");
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    }
    if (focus) tab.focus();
    const key = tab.id.replace("tab-", "");
    if (shown[key]) shown[key]();
  }

  function onTabKey(event) {
    const i = tabs.indexOf(event.currentTarget);
    const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    selectTab(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
  }

  function openTranscript(id) {
    selectTab(document.getElementById("tab-transcripts"), false);
    SupervisorTranscript.open(id);
  }

  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab, false));
    tab.addEventListener("keydown", onTabKey);
  }

  async function start() {
    let intents = [];
    try {
      intents = (await api("GET", "/api/v1/supervisor/intents")).intents;
    } catch (err) {
      showError(err);
    }
    SupervisorTranscript.init(intents, () => SupervisorList.refresh());
    SupervisorDashboard.init(openTranscript);
    SupervisorLearning.init(openTranscript);
    await SupervisorList.init((id) => SupervisorTranscript.open(id));
    document.body.dataset.ready = "true";
  }

  start();
})();
