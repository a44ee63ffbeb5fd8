// The article page: select a statement to see it in the text, turn text selections into exact
// offsets, correct a statement, add a missed one. Offsets are Python string indices (code points).
"use strict";
(function () {
  const cb = window.claimbase;
  let data, byId, textEl, selectionOut;
  let lastSelection = null;

  function clip(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }
  function points(s) { return Array.from(s).length; }

  // A DOM position inside the article text → offset in the stored text.
  function startOf(node) {
    if (node.nodeType === Node.TEXT_NODE) return offsetOf(node, 0);
    if (node.dataset && node.dataset.s !== undefined) return Number(node.dataset.s);
    const inner = node.querySelector ? node.querySelector("[data-s]") : null;
    return inner ? Number(inner.dataset.s) : null;
  }
  function endOf(node) {
    if (node === textEl) return Number(textEl.dataset.len);
    if (node.dataset && node.dataset.s !== undefined) return Number(node.dataset.s) + points(node.textContent);
    return null;
  }
  function offsetOf(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = node.parentElement && node.parentElement.closest("[data-s]");
      if (!seg || !textEl.contains(seg)) return null;
      return Number(seg.dataset.s) + points(node.data.slice(0, offset));
    }
    if (offset < node.childNodes.length) return startOf(node.childNodes[offset]);
    return endOf(node);
  }

  function trackSelection() {
    const sel = window.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    if (!textEl.contains(range.startContainer) || !textEl.contains(range.endContainer)) return;
    let start = offsetOf(range.startContainer, range.startOffset);
    let end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    const raw = range.toString();
    // Leave out the spaces a drag picks up at either edge (whitespace is one code point each).
    const lead = raw.length - raw.replace(/^\s+/, "").length;
    const trail = raw.length - raw.replace(/\s+$/, "").length;
    const text = raw.trim();
    if (!text) return;
    start += lead;
    end -= trail;
    lastSelection = { start, end, text };
    selectionOut.textContent = "Selected: “" + clip(text, 120) + "” (characters " + start + "–" + end + ")";
  }

  // --- selecting a statement ---------------------------------------------------------------------
  function select(id, scroll) {
    const item = document.getElementById("item-" + id);
    if (!item) return;
    textEl.querySelectorAll(".selected").forEach((s) => s.classList.remove("selected"));
    document.querySelectorAll(".att.current").forEach((li) => {
      li.classList.remove("current");
      li.querySelector(".details").hidden = true;
      li.querySelector(".att-link").setAttribute("aria-expanded", "false");
    });
    item.classList.add("current");
    item.querySelector(".details").hidden = false;
    item.querySelector(".att-link").setAttribute("aria-expanded", "true");
    textEl.querySelectorAll('[data-a~="' + id + '"]').forEach((s) => s.classList.add("selected"));
    const anchor = document.getElementById("a" + id);
    if (scroll && anchor) anchor.scrollIntoView({ block: "center" });
    item.scrollIntoView({ block: "nearest" });
    if (window.location.hash !== "#a" + id) history.replaceState(null, "", "#a" + id);
  }

  // --- span fields shared by the two forms -------------------------------------------------------
  function spanForm(form) {
    const spans = {};
    function show(name) {
      const out = form.querySelector('[data-span="' + name + '"] .span-value');
      const s = spans[name];
      out.textContent = s ? "“" + clip(s.text, 90) + "” (" + s.start + "–" + s.end + ")" : "—";
    }
    form.addEventListener("click", (e) => {
      const take = e.target.closest("[data-take]");
      const clear = e.target.closest("[data-clear]");
      const status = form.querySelector(".form-status");
      if (take) {
        if (!lastSelection) { cb.say(status, "First select the words in the article text.", "bad"); return; }
        spans[take.dataset.take] = Object.assign({}, lastSelection);
        show(take.dataset.take);
        cb.say(status, "");
      } else if (clear) {
        spans[clear.dataset.clear] = null;
        show(clear.dataset.clear);
      }
    });
    return {
      spans,
      set(name, value) { spans[name] = value ? { start: value.start, end: value.end, text: value.text } : null; show(name); },
    };
  }
  const SPAN_NAMES = ["content", "cue", "speaker_mention", "anonymity_reason"];
  function pair(s) { return s ? { start: s.start, end: s.end } : null; }
  function same(a, b) { return (!a && !b) || (a && b && a.start === b.start && a.end === b.end); }

  function setupEdit() {
    const form = document.getElementById("edit-form");
    const fields = spanForm(form);
    const status = form.querySelector(".form-status");
    const picker = form.querySelector("[data-picker]");
    let editing = null;
    document.addEventListener("click", (e) => {
      const button = e.target.closest("[data-edit]");
      if (!button) return;
      editing = byId.get(Number(button.dataset.edit));
      if (!editing) return;
      button.closest(".details").append(form);
      form.hidden = false;
      form.querySelector("[data-edit-number]").textContent = button.closest(".att").querySelector(".num").textContent;
      form.querySelector("[data-current-speaker]").textContent = editing.speaker ? editing.speaker.name + " (" + editing.speaker.kind + ")" : "none";
      cb.resetPicker(picker);
      SPAN_NAMES.forEach((n) => fields.set(n, editing[n]));
      form.quote_type.value = editing.quote_type;
      form.stance.value = editing.stance;
      form.anonymous.checked = editing.anonymous;
      form.confirm.checked = true;
      cb.say(status, "");
      form.querySelector("#edit-speaker-q").focus();
    });
    form.querySelector("[data-cancel]").addEventListener("click", () => { form.hidden = true; editing = null; });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!editing) return;
      const patch = {};
      SPAN_NAMES.forEach((n) => { if (!same(fields.spans[n], editing[n])) patch[n] = pair(fields.spans[n]); });
      if (form.speaker_id.value) patch.speaker_id = Number(form.speaker_id.value);
      if (form.quote_type.value !== editing.quote_type) patch.quote_type = form.quote_type.value;
      if (form.stance.value !== editing.stance) patch.stance = form.stance.value;
      if (form.anonymous.checked !== editing.anonymous) patch.anonymous = form.anonymous.checked;
      if (form.confirm.checked && editing.status !== "confirmed") patch.status = "confirmed";
      if (!Object.keys(patch).length) { cb.say(status, "Nothing changed yet.", "bad"); return; }
      cb.say(status, "Saving…");
      // The edit is of the statement as this page showed it: refused (412) if it changed since.
      const r = await cb.api("PATCH", "/api/attributions/" + editing.id, patch, editing.etag ? { "If-Match": editing.etag } : {});
      if (!r.ok) { cb.say(status, r.message, "bad"); return; }
      await cb.reloadAt(editing.id, r.data.updated_at);
    });
  }

  function setupAdd() {
    const form = document.getElementById("add-form");
    const fields = spanForm(form);
    const status = form.querySelector(".form-status");
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!fields.spans.content) { cb.say(status, "Choose the content: select it in the text and press “Use selected text”.", "bad"); return; }
      const body = { article_id: data.article_id, quote_type: form.quote_type.value, stance: form.stance.value, status: "confirmed" };
      SPAN_NAMES.forEach((n) => { if (fields.spans[n]) body[n] = pair(fields.spans[n]); });
      if (form.speaker_id.value) body.speaker_id = Number(form.speaker_id.value);
      else if (form.speaker_name.value.trim()) { body.speaker_name = form.speaker_name.value.trim(); body.speaker_kind = form.speaker_kind.value; }
      else { cb.say(status, "Say who: pick an existing speaker or type a new name.", "bad"); return; }
      if (form.anonymous.checked) body.anonymous = true;
      cb.say(status, "Saving…");
      const r = await cb.api("POST", "/api/attributions", body);
      if (!r.ok) { cb.say(status, r.message, "bad"); return; }
      await cb.reloadAt(r.data.id, r.data.updated_at, true);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    data = JSON.parse(document.getElementById("page-data").textContent);
    byId = new Map(data.attributions.map((a) => [a.id, a]));
    textEl = document.getElementById("article-text");
    selectionOut = document.getElementById("selection");
    document.addEventListener("selectionchange", trackSelection);
    document.addEventListener("click", (e) => {
      const link = e.target.closest("[data-select]");
      if (link) { e.preventDefault(); select(Number(link.dataset.select), true); return; }
      const seg = e.target.closest("#article-text [data-a]");
      const sel = window.getSelection();
      if (seg && (!sel || sel.isCollapsed)) {
        const ids = seg.dataset.a.split(" ");
        select(Number(ids[ids.length - 1]), false);
      }
    });
    document.addEventListener("claimbase:changed", (e) => {
      const item = byId.get(e.detail.id);
      if (item) item.status = document.getElementById("item-" + e.detail.id).classList.contains("rejected") ? "rejected" : "confirmed";
    });
    setupEdit();
    setupAdd();
    const m = /^#a(\d+)$/.exec(window.location.hash);
    if (m) select(Number(m[1]), true);
  });
})();
