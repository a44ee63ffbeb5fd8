// Adding articles: pasted text goes as JSON, files as multipart uploads, one request each.
"use strict";
(function () {
  const cb = window.claimbase;
  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("add-article");
    const status = form.querySelector(".form-status");
    const added = form.querySelector(".added");

    function metadata() {
      const meta = {};
      for (const name of ["title", "outlet", "url"]) {
        const v = form[name].value.trim();
        if (v) meta[name] = v;
      }
      if (form.published_at.value) meta.published_at = form.published_at.value + "T00:00:00";
      const authors = form.authors.value.split(",").map((a) => a.trim()).filter(Boolean);
      if (authors.length) meta.authors = authors;
      return meta;
    }

    function report(name, r) {
      const li = cb.el("li");
      if (!r.ok) {
        li.append(cb.el("strong", name + ": "), cb.el("span", r.message, "bad"));
      } else {
        const a = cb.el("a", r.data.title || name + " (no title found)");
        a.href = "/articles/" + r.data.id;
        const found = r.data.attribution_count;
        li.append(a, " — " + (r.data.duplicate ? "already stored; " : "added; ") + found + (found === 1 ? " statement" : " statements") + " found");
      }
      added.append(li);
      return li;
    }

    // Each article is readable before the next is sent: two uploads naming a new outlet would otherwise
    // both try to create it when the API answers before committing.
    async function settled(r) {
      if (!r.ok) return;
      for (let i = 0; i < 20; i++) {
        const check = await cb.api("GET", "/api/articles?limit=1&outlet=" + encodeURIComponent(r.data.outlet || ""));
        if (!r.data.outlet || (check.ok && check.data.items.length)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const files = Array.from(form.files.files);
      const text = form.text.value;
      if (!files.length && !text.trim()) { cb.say(status, "Paste a text or choose files first.", "bad"); return; }
      const meta = metadata();
      const extract = form.extract.checked;
      let good = 0;
      let bad = 0;
      cb.say(status, "Adding…");
      if (text.trim()) {
        const r = await cb.api("POST", "/api/articles", Object.assign({ text, extract }, meta));
        report("Pasted text", r);
        r.ok ? good++ : bad++;
        await settled(r);
      }
      // A title names one article: several files keep the titles their texts state.
      const titled = !text.trim() && files.length === 1;
      for (const file of files) {
        const body = new FormData();
        body.append("file", file, file.name);
        for (const [k, v] of Object.entries(meta)) {
          if (k !== "title" || titled) body.append(k, Array.isArray(v) ? v.join(", ") : v);
        }
        body.append("extract", extract ? "true" : "false");
        const r = await cb.api("POST", "/api/articles", body);
        report(file.name, r);
        r.ok ? good++ : bad++;
        await settled(r);
      }
      cb.say(status, good + " added" + (bad ? ", " + bad + " failed" : "") + ". Open an article below to see what was found.", bad ? "bad" : "good");
      if (good && !bad) { form.text.value = ""; form.files.value = ""; }
      const first = added.querySelector("li:last-child a");
      if (first) first.focus();
    });
  });
})();
