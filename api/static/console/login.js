/* login: sign in through the JSON API (which sets the HttpOnly session cookie),
   then go to ?next= (already checked by the server to be a local path) or the
   staff member's own console. */
"use strict";

(() => {
  const { t, api } = StaffUI;
  const form = document.getElementById("login-form");
  const error = document.getElementById("login-error");
  const submit = form.querySelector("button[type=submit]");
  const HOME = { agent: "/agent", supervisor: "/supervisor" };

  function fail(text, field) {
    error.textContent = text;
    error.hidden = false;
    if (field) field.focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const username = form.elements.username;
    const password = form.elements.password;
    if (!username.value.trim() || !password.value) {
      fail(t("login_missing"), username.value.trim() ? password : username);
      return;
    }
    error.hidden = true;
    submit.disabled = true;
    submit.textContent = t("login_signing_in");
    try {
      const result = await api("POST", "/api/v1/auth/login", {
        username: username.value.trim(),
        password: password.value,
      });
      const lang = `lang=${encodeURIComponent(StaffUI.LANG)}`;
      const target = form.dataset.next || `${HOME[result.role] || "/agent"}?${lang}`;
      window.location.assign(target);
    } catch (err) {
      fail(err.status === 401 ? t("login_failed") : err.message, password);
      submit.disabled = false;
      submit.textContent = t("login_submit");
    }
  });
})();
