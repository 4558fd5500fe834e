/* 警户通 console: the few behaviours the server-rendered pages need. No inline scripts (the
   Content-Security-Policy allows only our own files); everything hangs on data attributes. */
(function () {
  "use strict";
  var KEY = "jht-draft";

  /* 1. After a login that followed an expired session: keep the typed fields for the form's
        page and go back there (templates/resume.html, console/drafts.py). */
  function bridge() {
    var node = document.getElementById("jht-draft");
    if (!node) return false;
    var draft = JSON.parse(node.textContent);
    sessionStorage.setItem(KEY, JSON.stringify(draft));
    location.replace(draft.page);
    return true;
  }

  function setField(form, name, value, done) {
    var els = form.querySelectorAll("[name]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.name !== name || done.indexOf(el) >= 0) continue;
      if (el.type === "hidden" && (name === "csrf_token" || name === "_page" || name === "_form")) continue;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.value === value) { el.checked = true; done.push(el); return; }
        continue;
      }
      el.value = value;
      done.push(el);
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
  }

  /* 2. On the form's page: fill the form in again and say so. */
  function restore() {
    var raw = sessionStorage.getItem(KEY);
    if (!raw) return;
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { sessionStorage.removeItem(KEY); return; }
    if (draft.page.split("?")[0] !== location.pathname) return;
    sessionStorage.removeItem(KEY);
    var marker = document.querySelector('input[name="_form"][value="' + CSS.escape(draft.form) + '"]');
    var form = marker ? marker.form : null;
    if (!form) return;
    var done = [];
    draft.fields.forEach(function (pair) { setField(form, pair[0], pair[1], done); });
    form.dispatchEvent(new CustomEvent("jht:restored", { bubbles: true }));
    var notice = document.getElementById("draft-notice");
    if (notice) notice.hidden = false;
  }

  /* 3. Plain forms: ask before what cannot be undone (data-confirm), and send once. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); return; }
    if (form.hasAttribute("hx-post")) return; /* htmx disables with hx-disabled-elt */
    var buttons = form.querySelectorAll("button[type=submit]");
    setTimeout(function () { buttons.forEach(function (b) { b.disabled = true; }); }, 0);
  });

  /* 4. The duty desk's map (templates/desk/_map.html): a click puts the incident there; the
        village picker puts it at the village's seat. The SVG carries its projection. */
  function mapOf(form) { return document.querySelector("svg.map[data-form='" + form.id + "']"); }

  function project(svg, lat, lng) {
    var d = svg.dataset;
    return { x: (lng - d.lng0) * d.kx, y: (d.lat0 - lat) * d.ky };
  }

  function placeMarker(svg, lat, lng) {
    var mark = svg.querySelector(".incident");
    if (!mark) return;
    var p = project(svg, lat, lng);
    mark.setAttribute("transform", "translate(" + p.x.toFixed(1) + "," + p.y.toFixed(1) + ")");
    mark.removeAttribute("hidden");
    mark.style.display = "";
  }

  function setPlace(form, lat, lng, label) {
    form.elements.lat.value = lat.toFixed(6);
    form.elements.lng.value = lng.toFixed(6);
    var shown = form.querySelector("[data-place]");
    if (shown) shown.textContent = label || ("北纬 " + lat.toFixed(4) + "，东经 " + lng.toFixed(4));
    var svg = mapOf(form);
    if (svg) placeMarker(svg, lat, lng);
  }

  document.addEventListener("click", function (event) {
    var svg = event.target.closest ? event.target.closest("svg.map") : null;
    if (!svg) return;
    var form = document.getElementById(svg.dataset.form);
    if (!form) return;
    var pt = svg.createSVGPoint();
    pt.x = event.clientX; pt.y = event.clientY;
    var local = pt.matrixTransform(svg.getScreenCTM().inverse());
    var d = svg.dataset;
    var lng = Number(d.lng0) + local.x / Number(d.kx);
    var lat = Number(d.lat0) - local.y / Number(d.ky);
    var village = form.elements.village;
    if (village) village.value = "";
    setPlace(form, lat, lng);
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    // Only the dispatch form (it has lat/lng): other pages' village pickers are plain selects.
    if (el.name !== "village" || !el.form || !el.value || !el.form.elements.lat) return;
    var option = el.options[el.selectedIndex];
    setPlace(el.form, Number(option.dataset.lat), Number(option.dataset.lng), option.textContent.trim());
  });

  /* A restored dispatch form shows its place on the map again. */
  document.addEventListener("jht:restored", function (event) {
    var form = event.target;
    if (!form.elements || !form.elements.lat || !form.elements.lat.value) return;
    setPlace(form, Number(form.elements.lat.value), Number(form.elements.lng.value));
  });

  /* After a dispatch: ring the micro-grid chosen, and clear the form for the next call. */
  document.addEventListener("htmx:afterSwap", function (event) {
    var chosen = event.target.querySelector ? event.target.querySelector("[data-chosen]") : null;
    if (!chosen) return;
    var form = document.getElementById("dispatch-form");
    var svg = form ? mapOf(form) : null;
    if (svg && chosen.dataset.lat) {
      var p = project(svg, Number(chosen.dataset.lat), Number(chosen.dataset.lng));
      var ring = svg.querySelector(".chosen");
      ring.setAttribute("cx", p.x.toFixed(1));
      ring.setAttribute("cy", p.y.toFixed(1));
    }
    if (form) {
      ["summary", "address", "lat", "lng", "village"].forEach(function (name) {
        if (form.elements[name]) form.elements[name].value = "";
      });
      var shown = form.querySelector("[data-place]");
      if (shown) shown.textContent = "在地图上点一下事发位置，或选择村：";
    }
  });

  /* 5. Live lists mark rows that arrived since the page was opened. */
  document.addEventListener("htmx:afterSwap", function (event) {
    var rows = event.target.querySelectorAll ? event.target.querySelectorAll("[data-fresh]") : [];
    rows.forEach(function (row) { row.classList.add("fresh"); });
  });

  function ready() { if (!bridge()) restore(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
