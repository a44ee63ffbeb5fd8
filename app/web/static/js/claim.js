// The claim page: split the claim's cluster, or merge it into another (through the REST API).
"use strict";
(function () {
  const cb = window.claimbase;

  // Wait until a read sees the claim in the cluster it was moved to before reloading the page.
  async function settled(claimId, clusterId) {
    for (let i = 0; i < 60; i++) {
      const r = await cb.api("GET", "/api/claims/" + claimId);
      if (r.ok && r.data.cluster && r.data.cluster.id === clusterId) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  document.addEventListener("DOMContentLoaded", () => {
    const split = document.getElementById("split-form");
    if (split) {
      const status = split.querySelector(".form-status");
      split.addEventListener("submit", async (e) => {
        e.preventDefault();
        const ids = Array.from(split.querySelectorAll("input[name=claim_ids]:checked")).map((i) => Number(i.value));
        if (!ids.length) { cb.say(status, "Tick the wordings to move first.", "bad"); return; }
        cb.say(status, "Splitting…");
        const r = await cb.api("POST", "/api/clusters/" + split.dataset.cluster + "/split", { claim_ids: ids });
        if (!r.ok) { cb.say(status, r.message, "bad"); return; }
        await settled(ids[0], r.data.new.id);
        window.location.reload();
      });
    }
    const merge = document.getElementById("merge-cluster-form");
    if (merge) {
      const status = merge.querySelector(".form-status");
      merge.addEventListener("submit", async (e) => {
        e.preventDefault();
        const into = Number(merge.into.value);
        if (!into) { cb.say(status, "Give the id of the cluster to keep.", "bad"); return; }
        cb.say(status, "Merging…");
        const r = await cb.api("POST", "/api/clusters/" + merge.dataset.cluster + "/merge", { into });
        if (!r.ok) { cb.say(status, r.message, "bad"); return; }
        await settled(Number(merge.dataset.claim), into);
        window.location.reload();
      });
    }
  });
})();
