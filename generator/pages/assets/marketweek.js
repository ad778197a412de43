/* marketweek chart loader: draws every .mw-vega element with vega-embed (served from this
   site), in the page's light or dark palette, and again when the palette or page changes. */
(function () {
  "use strict";

  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var TITLE_SIZE = 15, SUBTITLE_SIZE = 12;

  function isDark() {
    return !!document.body && document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  /* The page's palette, and legends in as many columns as the width holds (phone: one or two,
     under the chart). */
  function palette(dark, width) {
    var text = dark ? "#e2e4e9" : "#1f2328";
    var grid = dark ? "#3d4250" : "#e3e6ea";
    var legend = { labelColor: text, titleColor: text, labelFontSize: 11 };
    if (width < 700) {
      legend.columns = Math.max(1, Math.floor((width - 20) / 175));
      legend.labelLimit = Math.max(120, Math.floor(width / legend.columns) - 40);
    }
    return {
      background: null,
      font: FONT,
      title: { color: text, subtitleColor: dark ? "#aeb4c0" : "#57606a", fontSize: TITLE_SIZE,
               subtitleFontSize: SUBTITLE_SIZE, subtitlePadding: 4 },
      axis: { labelColor: text, titleColor: text, gridColor: grid, domainColor: grid, tickColor: grid },
      legend: legend,
      text: { color: text },
      rule: { color: dark ? "#c9ced8" : "#57606a" },
      view: { stroke: null }
    };
  }

  /* Title and subtitle broken into lines that fit the chart's width: Vega-Lite draws a
     title on one line, which a phone would cut. */
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
    var title = spec.title;
    if (!title || typeof title !== "object") return;
    title.text = lines(title.text, "bold " + TITLE_SIZE + "px " + FONT, width);
    title.subtitle = lines(title.subtitle, SUBTITLE_SIZE + "px " + FONT, width);
  }

  /* On a dark page the chart's own colours are swapped for their lighter twins, which the
     spec lists (usermeta.darkColours): the same meaning, readable on the dark background. */
  function darken(text, colours) {
    Object.keys(colours || {}).forEach(function (light) {
      text = text.split('"' + light + '"').join('"' + colours[light] + '"');
    });
    return text;
  }

  function prepare(spec, dark, width) {
    var text = JSON.stringify(spec);
    if (dark && spec.usermeta) text = darken(text, spec.usermeta.darkColours);
    var copy = JSON.parse(text);
    wrapTitle(copy, width - 12);
    return copy;
  }

  /* Where fetch cannot reach the spec (a page opened from disk, file://), show the static
     SVG that sits beside it: the same chart, not interactive. */
  function showStatic(el, url) {
    var img = document.createElement("img");
    img.className = "mw-static";
    img.src = url.replace(/\.json$/, ".svg");
    img.alt = el.getAttribute("aria-label") || "";
    el.replaceChildren(img);
    el.setAttribute("data-drawn", "static");
  }

  function embed(el, spec) {
    var dark = isDark(), width = el.clientWidth || 320;
    el.setAttribute("data-drawn", "pending");
    el.__mwWidth = width;
    if (el.__mwView) { el.__mwView.finalize(); el.__mwView = null; }
    window.vegaEmbed(el, prepare(spec, dark, width),
                     { actions: false, renderer: "svg", config: palette(dark, width) })
      .then(function (result) { el.__mwView = result; el.setAttribute("data-drawn", "yes"); })
      .catch(function (err) {
        el.setAttribute("data-drawn", "error");
        console.error("marketweek chart:", err);
      });
  }

  /* Specs live in JSON files beside the page (data-spec-url), which keeps pages light and
     survives the theme's instant navigation; each is fetched once per element. */
  function draw(el) {
    var url = el.getAttribute("data-spec-url");
    if (!url) return;
    if (el.__mwSpec) { embed(el, el.__mwSpec); return; }
    if (location.protocol === "file:") { showStatic(el, url); return; }
    el.setAttribute("data-drawn", "pending");
    fetch(new URL(url, document.baseURI))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url);
        return response.json();
      })
      .then(function (spec) { el.__mwSpec = spec; embed(el, spec); })
      .catch(function (err) {
        showStatic(el, url);
        el.setAttribute("data-drawn", "error");
        console.error("marketweek chart:", err);
      });
  }

  function drawAll() {
    if (typeof window.vegaEmbed !== "function") return;
    document.querySelectorAll(".mw-vega").forEach(draw);
  }

  function watchPalette() {
    if (!document.body || document.body.dataset.mwWatching) return;
    document.body.dataset.mwWatching = "1";
    new MutationObserver(drawAll).observe(document.body, {
      attributes: true, attributeFilter: ["data-md-color-scheme"]
    });
  }

  function start() { watchPalette(); drawAll(); }

  /* A chart whose width changed (a phone turned, a window resized) is drawn again, so its
     title and legend fit the new width. */
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      document.querySelectorAll(".mw-vega").forEach(function (el) {
        if (el.__mwSpec && el.__mwWidth && Math.abs(el.clientWidth - el.__mwWidth) > 24) draw(el);
      });
    }, 200);
  });

  /* Lazy print images load only when shown; make sure they are there before printing. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("img.mw-print").forEach(function (img) { img.loading = "eager"; });
  });

  /* Run `fn` on every page: now (or once the document is parsed), and after each of the
     theme's instant navigations. Shared with archive.js, loaded after this file. */
  function onEachPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(fn);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }
  window.marketweekOnEachPage = onEachPage;

  onEachPage(start);
  /* On file:// the theme's document$ may never fire: draw on DOMContentLoaded too. */
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector(".mw-vega[data-drawn]")) start();
  });
})();
