/* marketweek chart loader: draws every .mw-vega element with vega-embed (served from this
   site), in the page's light or dark palette, and again when the palette or page changes. */
(function () {
  "use strict";

  function palette() {
    var dark = document.body && document.body.getAttribute("data-md-color-scheme") === "slate";
    var text = dark ? "#e2e4e9" : "#1f2328";
    var grid = dark ? "#3d4250" : "#e3e6ea";
    return {
      background: null,
      font: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
      title: { color: text, subtitleColor: dark ? "#aeb4c0" : "#57606a", fontSize: 14 },
      axis: { labelColor: text, titleColor: text, gridColor: grid, domainColor: grid, tickColor: grid },
      legend: { labelColor: text, titleColor: text },
      text: { color: text },
      rule: { color: dark ? "#c9ced8" : "#57606a" },
      view: { stroke: null }
    };
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
    el.setAttribute("data-drawn", "pending");
    window.vegaEmbed(el, spec, { actions: false, renderer: "svg", config: palette() })
      .then(function () { el.setAttribute("data-drawn", "yes"); })
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

  /* Lazy print images load only when shown; make sure they are there before printing. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("img.mw-print").forEach(function (img) { img.loading = "eager"; });
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  /* On file:// the theme's document$ may never fire: draw on DOMContentLoaded too. */
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector(".mw-vega[data-drawn]")) start();
  });
})();
