// unionnlp web: a little vanilla JavaScript, no libraries. Every page works without it.
"use strict";
(function () {
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  // Start page: drag and drop a report onto the drop zone.
  var drop = $("#drop"), file = $("#file"), form = $("#upload");
  if (drop && file && form) {
    ["dragenter", "dragover"].forEach(function (ev) {
      drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      drop.addEventListener(ev, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        file.files = e.dataTransfer.files;
        form.submit();
      }
    });
  }

  // Report page: legend filter, 不确定 threshold, sentence details.
  var sentences = $all(".s");
  var legend = $("#legend");
  if (legend) {
    legend.addEventListener("click", function (e) {
      var btn = e.target.closest("button[data-filter]");
      if (!btn) return;
      var key = btn.getAttribute("data-filter");
      var same = document.body.getAttribute("data-filter") === key;
      $all("button[data-filter]", legend).forEach(function (b) { b.classList.remove("active"); });
      if (!key || same) { document.body.removeAttribute("data-filter"); return; }
      document.body.setAttribute("data-filter", key);
      btn.classList.add("active");
    });
  }
  var slider = $("#min-prob"), out = $("#min-prob-value");
  function applyThreshold() {
    if (!slider) return;
    var t = parseFloat(slider.value) || 0;
    if (out) out.textContent = t.toFixed(2);
    sentences.forEach(function (s) {
      s.classList.toggle("unsure", parseFloat(s.getAttribute("data-prob")) < t);
    });
    $all("a.export").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href);
      if (t > 0) url.searchParams.set("min_prob", t.toFixed(2)); else url.searchParams.delete("min_prob");
      a.setAttribute("href", url.pathname + url.search);
    });
  }
  if (slider) { slider.addEventListener("input", applyThreshold); applyThreshold(); }

  var detail = $("#detail");
  function show(s) {
    if (!detail) return;
    sentences.forEach(function (x) { x.classList.remove("active"); });
    s.classList.add("active");
    var probs = {};
    try { probs = JSON.parse(s.getAttribute("data-probs")); } catch (err) { probs = {}; }
    var names = Object.keys(probs).sort(function (a, b) { return probs[b] - probs[a]; });
    var unsure = s.classList.contains("unsure") ? "（低于阈值：不确定）" : "";
    detail.textContent = "";
    var head = document.createElement("strong");
    head.textContent = s.getAttribute("data-label") + " " + Math.round(parseFloat(s.getAttribute("data-prob")) * 100) +
      "%，次选 " + s.getAttribute("data-runner") + " " +
      Math.round(parseFloat(s.getAttribute("data-runner-prob")) * 100) + "%" + unsure;
    detail.appendChild(head);
    detail.appendChild(document.createElement("br"));
    names.forEach(function (n) {
      var span = document.createElement("span");
      span.className = "bar";
      span.textContent = n + " " + (probs[n] * 100).toFixed(1) + "%";
      detail.appendChild(span);
    });
  }
  sentences.forEach(function (s) {
    s.addEventListener("mouseenter", function () { show(s); });
    s.addEventListener("focus", function () { show(s); });
    s.addEventListener("click", function () { show(s); });
  });
  var hl = $(".s.hl") || (location.hash && document.getElementById(location.hash.slice(1)));
  if (hl && hl.classList && hl.classList.contains("s")) {
    hl.classList.add("hl");
    hl.scrollIntoView({ block: "center" });
    show(hl);
  }

  // Organisations page: filter the tree as you type (ancestors of a match stay visible).
  var filter = $("#org-filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var q = filter.value.replace(/\s+/g, "");
      var items = $all(".tree li.org");
      items.forEach(function (li) { li.classList.toggle("hidden", !!q); });
      if (!q) return;
      items.forEach(function (li) {
        if ((li.getAttribute("data-names") || "").indexOf(q) === -1) return;
        for (var el = li; el && el.classList; el = el.parentElement) {
          if (el.matches && el.matches("li.org")) el.classList.remove("hidden");
        }
      });
    });
  }

  // Labelling page: how many sentences have a label so far.
  var labelForm = $(".label-form"), count = $("#label-count");
  if (labelForm && count) {
    var update = function () {
      var n = $all("input[type=radio]:checked", labelForm).length;
      count.textContent = "已标注 " + n + " 句";
    };
    labelForm.addEventListener("change", update);
    update();
  }
})();
