// The header's search box: full-text search of the claim pages through the Pagefind index
// the build writes. Without JavaScript the box stays hidden and the index's level and tag
// pages do the finding; opened from disk, it says that search needs the site served.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form) return;
  var input = form.querySelector('input[type="search"]');
  var status = form.querySelector(".search-status");
  var list = form.querySelector(".search-results");
  var root = new URL(form.getAttribute("data-root") || "./", document.baseURI);
  var bundle = new URL(form.getAttribute("data-index") || "", root);
  var SHOWN = 10; // results listed at once; the count still names every match
  var loading = null;

  // Loaded on first use, so a page that nobody searches from fetches nothing more.
  function pagefind() {
    if (!loading && bundle.origin !== location.origin) {
      // 404.html links to the published site, absolute: elsewhere that is another host.
      loading = Promise.reject(new Error("the index is on another host"));
    }
    if (!loading) {
      loading = import(bundle.href).then(function (module) {
        // Results name their page from the site's root, wherever the site is published.
        return module.options({ baseUrl: root.pathname }).then(function () { return module; });
      });
    }
    return loading;
  }

  function say(text) {
    status.textContent = text;
  }

  function clear() {
    list.replaceChildren();
    list.hidden = true;
    say("");
  }

  function fromDisk() {
    var filters = document.createElement("a");
    filters.href = new URL(form.getAttribute("action") || "", document.baseURI).href;
    filters.textContent = "the filters";
    status.replaceChildren(
      "Search needs the site served over HTTP; use ", filters, " or run make preview."
    );
  }

  function badge(meta) {
    var level = /^[a-z]+$/.test(meta.confidence || "") ? meta.confidence : "";
    var span = document.createElement("span");
    span.className = level ? "badge badge-" + level : "badge";
    span.textContent = meta.confidence_label || level;
    return span;
  }

  function item(result) {
    var li = document.createElement("li");
    li.className = "search-result";
    var title = document.createElement("p");
    title.className = "search-title";
    var link = document.createElement("a");
    link.href = result.url;
    link.textContent = result.meta.title || result.url;
    title.append(link, " ", badge(result.meta));
    var excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    excerpt.innerHTML = result.excerpt; // Pagefind escapes the text and adds only <mark>
    li.append(title, excerpt);
    return li;
  }

  function counted(total, query) {
    var words = "\u201c" + query + "\u201d";
    if (total === 0) return "No claim matches " + words + ".";
    var claims = total === 1 ? "1 claim matches " : total + " claims match ";
    var first = total > SHOWN ? "; the first " + SHOWN + " are listed." : ".";
    return claims + words + first;
  }

  async function run() {
    var query = input.value.trim();
    if (!query) return clear();
    var search;
    try {
      search = await (await pagefind()).debouncedSearch(query, {}, 250);
    } catch (error) {
      say("Search could not load its index; use the filters on the claims page.");
      return;
    }
    if (search === null) return; // a later keystroke started a newer search
    var results = await Promise.all(search.results.slice(0, SHOWN).map(function (r) {
      return r.data();
    }));
    if (input.value.trim() !== query) return;
    list.replaceChildren(...results.map(item));
    list.hidden = results.length === 0;
    say(counted(search.results.length, query));
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      input.value = "";
      clear();
    }
  });
  if (location.protocol === "file:") {
    // Browsers refuse to load modules from disk: say so rather than fail silently.
    input.addEventListener("focus", fromDisk);
    input.addEventListener("input", fromDisk);
    return;
  }
  input.addEventListener("focus", function () { pagefind().catch(function () {}); });
  input.addEventListener("input", run);
})();
