// The speaker page: merge this speaker into another, and undo a merge.
"use strict";
(function () {
  const cb = window.claimbase;

  // Wait until a read sees the merge (or its undo) before showing the page that depends on it.
  async function settled(id, into) {
    for (let i = 0; i < 20; i++) {
      const r = await cb.api("GET", "/api/speakers/" + id);
      if (r.ok && r.data.merged_into_id === into) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("merge-form");
    if (form) {
      const status = form.querySelector(".form-status");
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        const into = form.into.value;
        if (!into) { cb.say(status, "Pick the speaker to keep from the list first.", "bad"); return; }
        cb.say(status, "Merging…");
        const r = await cb.api("POST", "/api/speakers/" + form.dataset.speaker + "/merge", { into: Number(into) });
        if (!r.ok) { cb.say(status, r.message, "bad"); return; }
        await settled(form.dataset.speaker, Number(into));
        window.location.href = "/speakers/" + into;
      });
    }
    document.querySelectorAll("[data-unmerge]").forEach((button) =>
      button.addEventListener("click", async () => {
        button.disabled = true;
        const r = await cb.api("POST", "/api/speakers/" + button.dataset.unmerge + "/unmerge");
        button.disabled = false;
        if (!r.ok) { cb.toast(r.message); return; }
        await settled(button.dataset.unmerge, null);
        window.location.href = button.dataset.then || window.location.pathname;
      })
    );
  });
})();
