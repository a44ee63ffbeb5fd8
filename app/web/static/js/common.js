// Shared page behaviour: the API token, calls to the REST API, status decisions, history, speaker pickers.
// Data from the server is only ever put into the page with textContent, never as HTML.
"use strict";
(function () {
  const KEY = "claimbase-token";
  const cb = (window.claimbase = {});

  cb.token = function () {
    try { return localStorage.getItem(KEY) || ""; } catch (e) { return ""; }
  };
  cb.setToken = function (value) {
    try {
      if (value) localStorage.setItem(KEY, value); else localStorage.removeItem(KEY);
    } catch (e) { /* storage disabled: the token lives for this page only */ }
    markToken();
  };

  cb.api = async function (method, url, body, extraHeaders) {
    const headers = Object.assign({ Accept: "application/json" }, extraHeaders || {});
    const token = cb.token();
    if (token) headers.Authorization = "Bearer " + token;
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) { headers["Content-Type"] = "application/json"; payload = JSON.stringify(body); }
    let response;
    try {
      response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
    } catch (e) {
      return { ok: false, status: 0, data: null, message: "The server did not answer (" + e.message + ")." };
    }
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    let message = "";
    if (!response.ok) {
      message = (data && data.error && data.error.message) || "The server said " + response.status + ".";
      if (response.status === 401) {
        message = token
          ? "The saved API token was refused (unknown or revoked): paste a current one on the “API token” page."
          : "This needs an API token: paste yours on the “API token” page (top right).";
      }
    }
    if (response.status === 412) {
      message = "Someone changed this statement after this page was loaded: reload the page to see their change.";
    }
    return { ok: response.ok, status: response.status, data, message };
  };

  // The API may answer a write a moment before its transaction is committed, so a page reloaded at
  // once could show the old state. Wait (briefly) until a read sees the attribution as written.
  // A new one answers 404 until then; a changed one shows its new updated_at.
  cb.settled = async function (id, updatedAt, created) {
    for (let i = 0; i < 20; i++) {
      const r = await cb.api("GET", "/api/attributions/" + id);
      if (r.ok && (created || r.data.updated_at === updatedAt)) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  };

  cb.reloadAt = async function (id, updatedAt, created) {
    await cb.settled(id, updatedAt, created);
    window.location.hash = "#a" + id;
    window.location.reload();
  };

  cb.el = function (tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  };

  cb.say = function (node, text, kind) {
    if (!node) return;
    node.textContent = text;
    node.classList.remove("good", "bad");
    if (kind) node.classList.add(kind);
  };

  let toastTimer = null;
  cb.toast = function (text) {
    const box = document.getElementById("toast");
    if (!box) return;
    box.textContent = text;
    box.classList.add("show");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => box.classList.remove("show"), 4000);
  };

  function markToken() {
    document.querySelectorAll("[data-token-state]").forEach((a) => {
      a.classList.toggle("has-token", Boolean(cb.token()));
      a.title = cb.token() ? "A token is saved in this browser" : "No token saved";
    });
  }

  // --- confirm / reject -------------------------------------------------------------------------
  async function decide(button) {
    const id = button.dataset.id;
    const status = button.dataset.status;
    const holder = button.closest(".queue-item, .att");
    const out = holder ? holder.querySelector(".decision, .status-text") : null;
    button.disabled = true;
    const result = await cb.api("PATCH", "/api/attributions/" + id, { status });
    button.disabled = false;
    if (!result.ok) {
      cb.say(out, result.message, "bad");
      cb.toast(result.message);
      return;
    }
    const word = status === "confirmed" ? "Confirmed" : "Rejected";
    cb.say(out, status === "confirmed" ? "confirmed" : "rejected", "good");
    if (holder) {
      holder.classList.toggle("rejected", status === "rejected");
      holder.classList.add("decided");
    }
    document.querySelectorAll('[data-a~="' + id + '"]').forEach((seg) => {
      if (status === "confirmed") seg.classList.remove("sug");
    });
    cb.toast(word + " statement " + id + ".");
    document.dispatchEvent(new CustomEvent("claimbase:changed", { detail: { id: Number(id) } }));
  }

  // --- change history ----------------------------------------------------------------------------
  function describe(change) {
    const before = change.before || {};
    const after = change.after || {};
    const keys = Object.keys(Object.assign({}, before, after)).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) && k !== "updated_at"
    );
    const parts = keys.slice(0, 6).map((k) => {
      const show = (v) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));
      return change.before && change.after ? k + ": " + show(before[k]) + " → " + show(after[k]) : k;
    });
    return parts.join("; ");
  }

  async function showHistory(button) {
    const id = button.dataset.history;
    const list = document.getElementById("history-" + id);
    if (!list) return;
    if (!list.hidden) { list.hidden = true; button.setAttribute("aria-expanded", "false"); return; }
    list.replaceChildren(cb.el("li", "Loading…"));
    list.hidden = false;
    button.setAttribute("aria-expanded", "true");
    const result = await cb.api("GET", "/api/attributions/" + id + "/history");
    list.replaceChildren();
    if (!result.ok) { list.append(cb.el("li", result.message, "bad")); return; }
    if (!result.data.length) { list.append(cb.el("li", "No recorded change: as extracted or coded.")); return; }
    for (const change of result.data) {
      const li = cb.el("li");
      li.append(cb.el("time", change.at.replace("T", " ").slice(0, 16)), " · ", cb.el("strong", change.action.replace("attribution.", "")), " by " + change.actor);
      const what = describe(change);
      if (what) li.append(cb.el("div", what, "muted"));
      list.append(li);
    }
  }

  // --- speaker pickers ---------------------------------------------------------------------------
  function setupPicker(picker) {
    const input = picker.querySelector("[data-picker-input]");
    const value = picker.querySelector("[data-picker-value]");
    const results = picker.querySelector("[data-picker-results]");
    const exclude = picker.dataset.exclude;
    let timer = null;
    let seq = 0;
    input.addEventListener("input", () => {
      value.value = "";
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) { results.replaceChildren(); return; }
      timer = setTimeout(async () => {
        const mine = ++seq;
        const r = await cb.api("GET", "/api/speakers?limit=8&q=" + encodeURIComponent(q));
        if (mine !== seq) return;
        results.replaceChildren();
        if (!r.ok) { results.append(cb.el("li", r.message)); return; }
        const items = r.data.items.filter((s) => String(s.id) !== exclude);
        if (!items.length) results.append(cb.el("li", "No speaker called that.", "muted"));
        for (const s of items) {
          const b = cb.el("button", s.name + " — " + s.kind + ", " + s.attribution_count + " statements", "secondary");
          b.type = "button";
          b.dataset.speakerId = s.id;
          b.addEventListener("click", () => {
            value.value = String(s.id);
            input.value = s.name;
            results.replaceChildren(cb.el("li", "Chosen: " + s.name + " (#" + s.id + ")", "good"));
            picker.dispatchEvent(new CustomEvent("picked", { detail: s, bubbles: true }));
          });
          const li = cb.el("li");
          li.append(b);
          results.append(li);
        }
      }, 200);
    });
  }
  cb.resetPicker = function (picker) {
    picker.querySelector("[data-picker-input]").value = "";
    picker.querySelector("[data-picker-value]").value = "";
    picker.querySelector("[data-picker-results]").replaceChildren();
  };

  document.addEventListener("click", (event) => {
    const target = event.target.closest("button[data-status], button[data-history]");
    if (!target) return;
    if (target.dataset.status) decide(target);
    else showHistory(target);
  });

  document.addEventListener("DOMContentLoaded", () => {
    markToken();
    document.querySelectorAll("[data-picker]").forEach(setupPicker);
    document.querySelectorAll("select[data-navigate]").forEach((s) =>
      s.addEventListener("change", () => { window.location.href = s.value; })
    );
    const tokenForm = document.getElementById("token-form");
    if (tokenForm) {
      const field = tokenForm.querySelector("#token");
      const out = tokenForm.querySelector(".form-status");
      if (cb.token()) cb.say(out, "A token is saved in this browser.", "good");
      tokenForm.addEventListener("submit", (e) => {
        e.preventDefault();
        cb.setToken(field.value.trim());
        field.value = "";
        cb.say(out, cb.token() ? "Saved. Your changes will be sent with it." : "Nothing to save.", cb.token() ? "good" : "bad");
      });
      tokenForm.querySelector("[data-forget-token]").addEventListener("click", () => {
        cb.setToken("");
        cb.say(out, "Forgotten: this browser keeps no token now.", "good");
      });
    }
    // Empty fields stay out of a search URL, so what is bookmarked or shared is short and readable.
    document.querySelectorAll("form[method=get]").forEach((f) =>
      f.addEventListener("submit", () => {
        f.querySelectorAll("input[name], select[name]").forEach((i) => { if (!i.value) i.disabled = true; });
        setTimeout(() => f.querySelectorAll("[name]").forEach((i) => { i.disabled = false; }), 0);
      })
    );
    document.querySelectorAll("form.signout").forEach((f) => f.addEventListener("submit", () => cb.setToken("")));
    // The sign-in form keeps the token for the page scripts too, but only a token the API accepts.
    document.querySelectorAll("form[data-save-token]").forEach((f) =>
      f.addEventListener("submit", async (e) => {
        e.preventDefault();
        const token = f.querySelector("[name=token]").value.trim();
        try {
          const r = await fetch("/api/speakers?limit=1", { headers: { Authorization: "Bearer " + token } });
          if (r.ok) cb.setToken(token);
        } catch (err) { /* the server's answer to the form says what went wrong */ }
        f.submit();
      })
    );
  });
})();
