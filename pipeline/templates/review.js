// chitieu review site: figure tooltips, figure filters and an analyst's corrections.
// Corrections live in this browser's localStorage (shared by every page of the
// site) until exported as corrections.json for `chitieu run --corrections`.
// Text is always set with textContent, never parsed as HTML.
"use strict";
(function () {
  const KEY = "chitieu.corrections";
  const NUMERIC = new Set(["value", "value_max", "denominator"]);
  const dataNode = document.getElementById("figures-data");
  const page = dataNode ? JSON.parse(dataNode.textContent) : { figures: [], tooltip: [], labels: {} };
  const figures = new Map(page.figures.map((f) => [f.obs_id, f]));

  const load = () => { try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; } };
  const save = (store) => { localStorage.setItem(KEY, JSON.stringify(store)); refreshCount(store); };

  function refreshCount(store) {
    document.querySelectorAll("[data-correction-count]").forEach((n) => { n.textContent = Object.keys(store).length; });
  }

  function exportCorrections() {
    const store = load();
    const entries = Object.values(store).map((c) => {
      const entry = { obs_id: c.obs_id };
      if (c.wrong) entry.wrong = true;
      if (c.set && Object.keys(c.set).length) entry.set = c.set;
      if (c.doc_id) entry.note = "doc " + c.doc_id;
      return entry;
    });
    const blob = new Blob([JSON.stringify({ corrections: entries }, null, 2) + "\n"], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "corrections.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  document.querySelectorAll("[data-export]").forEach((b) => b.addEventListener("click", exportCorrections));
  document.querySelectorAll("[data-clear]").forEach((b) => b.addEventListener("click", () => {
    if (confirm("Xoá mọi sửa chưa xuất?")) { save({}); location.reload(); }
  }));
  refreshCount(load());

  // --- tooltip ---------------------------------------------------------------
  const tip = document.getElementById("tooltip");
  function showTip(mark) {
    const figure = figures.get(mark.dataset.obs);
    if (!figure || !tip) return;
    const table = document.createElement("table");
    for (const name of page.tooltip) {
      const value = figure[name];
      if (value === null || value === undefined || value === "") continue;
      const row = table.insertRow();
      const head = document.createElement("th");
      head.textContent = page.labels[name] || name;
      row.appendChild(head);
      row.insertCell().textContent = typeof value === "number" ? value.toLocaleString("vi-VN") : String(value);
      row.dataset.field = name;
    }
    tip.replaceChildren(table);
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    tip.style.left = Math.max(8, window.scrollX + box.left) + "px";
    tip.style.top = window.scrollY + box.bottom + 6 + "px";
    mark.classList.add("active");
  }
  function hideTip(mark) { if (tip) tip.hidden = true; mark.classList.remove("active"); }
  document.querySelectorAll("mark.fig").forEach((mark) => {
    mark.addEventListener("mouseenter", () => showTip(mark));
    mark.addEventListener("focus", () => showTip(mark));
    mark.addEventListener("mouseleave", () => hideTip(mark));
    mark.addEventListener("blur", () => hideTip(mark));
  });

  // --- corrections in the figures table ---------------------------------------
  // A correction this page's data already shows (applied by a later run) is done: forget it.
  function forgetApplied() {
    if (!dataNode) return;
    const store = load();
    for (const [obs, correction] of Object.entries(store)) {
      if (correction.doc_id !== page.doc_id) continue;
      const figure = figures.get(obs);
      const shown = figure && Object.entries(correction.set || {}).every(([name, value]) => figure[name] === value);
      if (!figure || (shown && !correction.wrong)) delete store[obs];
    }
    save(store);
  }
  forgetApplied();
  const parse = (name, raw) => (raw === "" ? null : NUMERIC.has(name) ? Number(raw) : raw);
  function paint(row, correction) {
    const mark = document.getElementById("f-" + row.dataset.obs);
    const wrong = Boolean(correction && correction.wrong);
    const edited = Boolean(correction && correction.set && Object.keys(correction.set).length);
    row.classList.toggle("wrong", wrong);
    row.classList.toggle("edited", edited);
    if (mark) { mark.classList.toggle("wrong", wrong); mark.classList.toggle("edited", edited); }
  }
  function record(row) {
    const store = load();
    const obs = row.dataset.obs;
    const correction = { obs_id: obs, doc_id: page.doc_id, wrong: row.querySelector("[data-wrong]").checked, set: {} };
    row.querySelectorAll("[data-attr]").forEach((input) => {
      if (input.value !== input.dataset.original) {
        if (input.dataset.attr === "period" && input.value && !/^\d{4}(\/\d{4})?$/.test(input.value)) return;
        correction.set[input.dataset.attr] = parse(input.dataset.attr, input.value);
      }
    });
    if (correction.wrong || Object.keys(correction.set).length) store[obs] = correction; else delete store[obs];
    save(store);
    paint(row, store[obs]);
  }
  const store = load();
  document.querySelectorAll("#figures tbody tr").forEach((row) => {
    const saved = store[row.dataset.obs];
    if (saved) {
      row.querySelector("[data-wrong]").checked = Boolean(saved.wrong);
      for (const [name, value] of Object.entries(saved.set || {})) {
        const input = row.querySelector(`[data-attr="${name}"]`);
        if (input) input.value = value === null ? "" : String(value);
      }
      paint(row, saved);
    }
    row.querySelectorAll("input, select").forEach((control) => control.addEventListener("change", () => record(row)));
  });

  // --- filters ----------------------------------------------------------------
  const filters = document.querySelectorAll("[data-filter]");
  function applyFilters() {
    let shown = 0;
    document.querySelectorAll("#figures tbody tr").forEach((row) => {
      let visible = true;
      filters.forEach((filter) => {
        const wanted = filter.value.trim().toLowerCase();
        if (!wanted) return;
        const have = filter.dataset.filter === "text" ? (row.textContent + " " + row.title) : row.dataset[filter.dataset.filter];
        if (filter.dataset.filter === "text" ? !have.toLowerCase().includes(wanted) : have.toLowerCase() !== wanted) visible = false;
      });
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    document.querySelectorAll("[data-shown]").forEach((n) => { n.textContent = shown; });
  }
  filters.forEach((filter) => filter.addEventListener("input", applyFilters));
})();
