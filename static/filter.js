// Filters the claim list in place by confidence, tag and words. Without JavaScript the
// index still works: each level and tag has a static page of its own. A long index is
// split into pages, and only the claims of the page at hand are filtered; the status
// says so, as the level and tag pages hold every claim of theirs.
(function () {
  "use strict";
  var form = document.getElementById("claim-filter");
  var groups = document.getElementById("claim-groups");
  if (!form || !groups) return;
  var items = Array.prototype.slice.call(groups.querySelectorAll(".claim-item"));
  var sections = Array.prototype.slice.call(groups.querySelectorAll(".level-group"));
  var status = form.querySelector(".filter-status");
  var where = document.querySelector(".pagination") ? " on this page" : "";

  function chosen() {
    var level = form.querySelector('input[name="level"]:checked');
    return {
      level: level ? level.value : "",
      tag: form.elements.tag.value,
      words: form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean)
    };
  }

  function matches(item, want) {
    if (want.level && item.getAttribute("data-level") !== want.level) return false;
    var tags = (item.getAttribute("data-tags") || "").split(" ");
    if (want.tag && tags.indexOf(want.tag) < 0) return false;
    var text = item.textContent.toLowerCase();
    return want.words.every(function (word) { return text.indexOf(word) >= 0; });
  }

  function apply() {
    var want = chosen();
    var shown = 0;
    items.forEach(function (item) {
      var keep = matches(item, want);
      item.hidden = !keep;
      if (keep) shown += 1;
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector(".claim-item:not([hidden])");
    });
    status.textContent = shown === items.length
      ? "Showing all " + items.length + " claims" + where + "."
      : "Showing " + shown + " of " + items.length + " claims" + where + ".";
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
