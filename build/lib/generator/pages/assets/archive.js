/* marketweek archive filter: the tag buttons above the archive show only the weeks that carry
   the chosen tag (all weeks again on "All"). Without JavaScript the buttons stay hidden and
   every week is listed. Runs on every page load, and after Material's instant navigation. */
(function () {
  "use strict";

  function choose(box, tag) {
    box.querySelectorAll("button[data-tag]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-tag") === tag));
    });
    var shown = 0;
    document.querySelectorAll(".mw-archive li").forEach(function (item) {
      var link = item.querySelector("[data-tags]");
      var tags = link ? link.getAttribute("data-tags").split(" ") : [];
      var show = tag === "" || tags.indexOf(tag) >= 0;
      item.hidden = !show;
      if (show) shown += 1;
    });
    document.querySelectorAll(".mw-archive-year").forEach(function (heading) {
      var list = heading.nextElementSibling;
      var any = list && list.querySelector("li:not([hidden])");
      heading.hidden = !any;
      if (list) list.hidden = !any;
    });
    var count = box.querySelector(".mw-archive-count");
    if (count) count.textContent = shown + (shown === 1 ? " week" : " weeks");
  }

  function start() {
    var box = document.querySelector(".mw-archive-filter");
    if (!box || box.dataset.mwReady) return;
    box.dataset.mwReady = "1";
    box.hidden = false;
    box.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-tag]");
      if (button) choose(box, button.getAttribute("data-tag"));
    });
  }

  window.marketweekOnEachPage(start);  /* from marketweek.js, loaded before this file */
})();
