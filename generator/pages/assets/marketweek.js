/* marketweek chart loader: draws every .mw-vega element with Vega (served from this site) from
   the Vega spec compiled when the site was built (generator/charts/compiled.py), in the page's
   light or dark palette, and again when the palette, the page or the chart's width changes.
   A chart is drawn only as it nears the screen, one at a time, and the Vega bundle is loaded
   (without blocking the page) only when the first chart nears: a reader who never scrolls to
   a chart downloads and runs no Vega. */
(function () {
  "use strict";

  /* The Vega bundle beside this script (its content-hashed name is written in when the site
     is built: generator/pages/bundle.py), loaded once, when the first chart is wanted. */
  var VEGA = new URL("@VEGA_BUNDLE@", (document.currentScript || {}).src || document.baseURI).href;
  var vegaLoaded = null;
  function loadVega() {
    if (window.vega) return Promise.resolve();
    if (!vegaLoaded) {
      vegaLoaded = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = VEGA;
        script.async = true;
        script.onload = function () { window.vega ? resolve() : reject(new Error("no vega in " + VEGA)); };
        script.onerror = function () { vegaLoaded = null; reject(new Error("could not load " + VEGA)); };
        document.head.appendChild(script);
      });
    }
    return vegaLoaded;
  }

  /* A pause that lets the browser paint and answer the reader between two pieces of work. */
  function breathe() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }

  function isDark() {
    return !!document.body && document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  /* Legends in as many columns as the width holds (phone: one or two, under the chart). */
  function fitLegend(config, width) {
    if (width >= 700) return;
    var legend = config.legend = config.legend || {};
    legend.columns = Math.max(1, Math.floor((width - 20) / 175));
    legend.labelLimit = Math.max(120, Math.floor(width / legend.columns) - 40);
  }

  /* Title and subtitle broken into lines that fit the chart's width: Vega draws a title on
     one line, which a phone would cut. Measured in the fonts the spec's config draws them in. */
  var measure = document.createElement("canvas").getContext("2d");
  function lines(text, font, width) {
    if (typeof text !== "string" || !measure) return text;
    measure.font = font;
    var out = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && measure.measureText(next).width > width) { out.push(line); line = word; }
      else line = next;
    });
    if (line) out.push(line);
    return out.length > 1 ? out : text;
  }

  function wrapTitle(spec, width) {
    var title = spec.title, config = spec.config || {}, style = config.style || {};
    if (!title || typeof title !== "object") return;
    var head = style["group-title"] || {}, sub = style["group-subtitle"] || {};
    title.text = lines(title.text, "bold " + head.fontSize + "px " + head.font, width);
    title.subtitle = lines(title.subtitle, (config.title || {}).subtitleFontSize + "px " + sub.font,
                           width);
  }

  /* The spec is compiled in the light palette. On a dark page it takes the dark palette's
     config, and its colours are swapped for their lighter twins (usermeta.dark): the same
     meaning, readable on the dark background. */
  function swap(text, colours) {
    Object.keys(colours || {}).forEach(function (light) {
      text = text.split('"' + light + '"').join('"' + colours[light] + '"');
    });
    return text;
  }

  /* A chart of many weeks (usermeta.narrow: the heat map) shows only its last weeks on a
     narrow screen, where all would be cells too thin to read; a button under it shows all. */
  function narrowed(spec, width, el) {
    var narrow = spec.usermeta && spec.usermeta.narrow;
    if (!narrow) return null;
    var table = (spec.data || []).filter(function (d) { return d.name === narrow.data; })[0];
    var weeks = table ? table.values.map(function (row) { return row[narrow.field]; }) : [];
    weeks = weeks.filter(function (w, i) { return weeks.indexOf(w) === i; }).sort();
    if (width >= narrow.below || weeks.length <= narrow.weeks) return { table: null };
    var from = weeks[weeks.length - narrow.weeks];
    return { table: table, from: from, all: weeks.length, shown: narrow.weeks, field: narrow.field };
  }

  function moreButton(el, cut) {
    var figure = el.closest("figure"), button = figure && figure.querySelector(".mw-more");
    if (!figure) return;
    if (!cut || !cut.table) { if (button) button.remove(); return; }
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "mw-more md-button";
      button.addEventListener("click", function () { el.__mwWhole = !el.__mwWhole; draw(el); });
      el.insertAdjacentElement("afterend", button);
    }
    button.textContent = el.__mwWhole ? "Show the last " + cut.shown + " weeks"
                                      : "Show all " + cut.all + " weeks";
    button.setAttribute("aria-expanded", el.__mwWhole ? "true" : "false");
  }

  function prepare(spec, dark, width, el) {
    var night = dark && spec.usermeta && spec.usermeta.dark;
    var copy = JSON.parse(night ? swap(JSON.stringify(spec), night.colours) : JSON.stringify(spec));
    var cut = narrowed(copy, width, el);
    moreButton(el, cut);
    if (cut && cut.table && !el.__mwWhole) {
      cut.table.values = cut.table.values.filter(function (row) { return row[cut.field] >= cut.from; });
    }
    if (night) copy.config = JSON.parse(JSON.stringify(night.config));
    copy.config = copy.config || {};
    fitLegend(copy.config, width);
    wrapTitle(copy, width - 12);
    return copy;
  }

  /* Tooltips by vega-tooltip, as vega-embed drew them (the browser's own where the bundle
     has no vega-tooltip). */
  var tooltip = null;
  function tooltips() {
    if (!tooltip && window.vegaTooltip) tooltip = new window.vegaTooltip().call;
    return tooltip;
  }

  /* Where fetch cannot reach the spec (a page opened from disk, file://), show the static
     SVG that sits beside it: the same chart, not interactive. A chart drawn without one
     (its figure not .mw-has-static) shows the note its <noscript> holds, as text. */
  function showStatic(el, url) {
    var figure = el.closest("figure"), shown;
    if (figure && !figure.classList.contains("mw-has-static")) {
      var fallback = el.querySelector("noscript");
      shown = document.createElement("p");
      shown.className = "mw-note";
      shown.textContent = fallback ? new DOMParser().parseFromString(fallback.textContent,
        "text/html").body.textContent : "";
    } else {
      shown = document.createElement("img");
      shown.className = "mw-static";
      shown.src = url.replace(/\.json$/, ".svg");
      shown.alt = el.getAttribute("aria-label") || "";
    }
    el.replaceChildren(shown);
    el.setAttribute("data-drawn", "static");
  }

  /* Parsing the spec and drawing it are two tasks, the browser free between them: no long
     task holds a phone's screen still. */
  function render(el, spec) {
    var width = el.clientWidth || 320, parsed;
    el.__mwWidth = width;
    parsed = window.vega.parse(prepare(spec, isDark(), width, el));
    return breathe().then(function () {
      if (!el.isConnected) return;
      if (el.__mwView) { el.__mwView.finalize(); el.__mwView = null; }
      var view = new window.vega.View(parsed).renderer("svg").initialize(el);
      if (tooltips()) view.tooltip(tooltips());
      el.__mwView = view;
      return view.runAsync().then(function () { el.setAttribute("data-drawn", "yes"); });
    });
  }

  function failed(el, err) {
    el.setAttribute("data-drawn", "error");
    console.error("marketweek chart:", err);
  }

  /* Specs live in JSON files beside the page (data-spec-url), which keeps pages light and
     survives the theme's instant navigation; each is fetched once per element, all at once.
     The page's head has fetched the first already (window.marketweekSpecs, by address). */
  function spec(el) {
    var url = el.getAttribute("data-spec-url"), href = new URL(url, document.baseURI).href;
    if (new URL(href).origin !== location.origin) return Promise.reject(new Error("off-site " + url));
    if (!el.__mwSpec) {
      el.__mwSpec = (window.marketweekSpecs || {})[href] || fetch(href).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url);
        return response.json();
      });
      el.__mwSpec.catch(function () { showStatic(el, url); });
    }
    return el.__mwSpec;
  }

  /* Charts are drawn one at a time, in the order they come near the screen, the first as
     soon as its spec and Vega are here: drawing them side by side would put off the first
     until all were nearly done. */
  var queue = Promise.resolve();
  function draw(el) {
    var url = el.getAttribute("data-spec-url");
    if (!url) return;
    if (location.protocol === "file:") { showStatic(el, url); return; }
    el.setAttribute("data-drawn", "pending");
    var loading = spec(el), vega = loadVega();
    queue = queue
      .then(function () { return Promise.all([loading, vega]); })
      .then(function (loaded) { return el.isConnected && render(el, loaded[0]); })
      .catch(function (err) { failed(el, err); })
      .then(breathe);
  }

  /* A chart starts when it is on the screen, or within a screen of it once the reader has
     scrolled (or touched, or pressed a key): a reader on the way to a chart finds it drawn, and
     one who reads only the top of the page downloads and runs no Vega. Without an
     IntersectionObserver, every chart starts at once. */
  var moved = false;
  function start(el) {
    if (el.__mwStarted) return;
    el.__mwStarted = true;
    draw(el);
  }
  var near = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.boundingClientRect, shown = box.bottom > 0 && box.top < window.innerHeight;
      entry.target.__mwNear = entry.isIntersecting;
      if (!entry.isIntersecting || !(shown || moved)) return;
      near.unobserve(entry.target);
      start(entry.target);
    });
  }, { rootMargin: "100% 0px" }) : null;
  function readerMoved() {
    if (moved) return;
    moved = true;
    document.querySelectorAll(".mw-vega").forEach(function (el) {
      if (el.__mwNear && !el.__mwStarted) { near.unobserve(el); start(el); }
    });
  }
  ["scroll", "wheel", "touchstart", "keydown", "pointerdown"].forEach(function (type) {
    window.addEventListener(type, readerMoved, { passive: true, capture: true });
  });

  /* Every chart not yet started (`all`: every chart already drawn, for a new palette). */
  function drawAll(all) {
    document.querySelectorAll(".mw-vega").forEach(function (el) {
      if (all === true) { if (el.__mwSpec) draw(el); return; }
      if (el.__mwStarted || el.__mwObserved) return;
      el.__mwObserved = true;
      if (near && location.protocol !== "file:") near.observe(el);
      else start(el);
    });
  }

  /* A new palette redraws every chart (the theme sets the attribute again when it starts:
     that alone redraws nothing). */
  function watchPalette() {
    if (!document.body || document.body.dataset.mwWatching) return;
    document.body.dataset.mwWatching = "1";
    var dark = isDark();
    new MutationObserver(function () {
      if (isDark() !== dark) { dark = isDark(); drawAll(true); }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  /* A page opened at a chart (a link to #chart-…), or with a chart on its first screen,
     starts loading Vega now, while the theme's script still runs, not when the chart is first
     seen after it. */
  function vegaSoon() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var charts = document.querySelectorAll(".mw-vega");
    if (!charts.length || location.protocol === "file:") return;
    if ((target && target.querySelector && target.querySelector(".mw-vega")) ||
        charts[0].getBoundingClientRect().top < window.innerHeight) loadVega().catch(function () {});
  }

  function begin() { watchPalette(); vegaSoon(); drawAll(); }

  /* A chart whose width changed (a phone turned, a window resized) is drawn again, so its
     title and legend fit the new width. */
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      document.querySelectorAll(".mw-vega").forEach(function (el) {
        if (el.__mwView && Math.abs(el.clientWidth - el.__mwWidth) > 24) draw(el);
      });
    }, 200);
  });

  /* Lazy print images load only when shown; make sure they are there before printing. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("img.mw-print").forEach(function (img) { img.loading = "eager"; });
  });

  /* Run `fn` on every page: once the document is parsed, and after each of the theme's
     instant navigations (its document$, which replays the current page to a late subscriber;
     the theme's script runs after ours). Shared with archive.js, loaded after this file. */
  function onEachPage(fn) {
    function subscribe() {
      if (window.document$ && typeof window.document$.subscribe === "function") {
        window.document$.subscribe(fn);
      } else {
        fn();
      }
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe);
    else subscribe();
  }
  window.marketweekOnEachPage = onEachPage;

  /* This script runs at the end of the page, after the charts' elements: start at once, not
     when the document is parsed; each later page is started again and draws the charts not
     yet started. */
  begin();
  onEachPage(begin);
})();
