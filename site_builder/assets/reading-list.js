/* Reading list: the filter of the list of every paper, and copying citations.
   Everything it loads comes from this site; everything it shows from a paper is set as
   text (never as HTML), so a paper file cannot run script here. */
(function () {
  "use strict";

  var PAGE = 200; // cards shown at a time, as the server-rendered pages do

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function el(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    var tags = (params.get("tags") || "").split(",").filter(Boolean);
    var sort = params.get("sort");
    return {
      tags: tags,
      q: params.get("words") || "",
      sort: sort === "published" || sort === "title" ? sort : "added"
    };
  }

  function stateQuery(state) {
    var parts = [];
    if (state.tags.length) parts.push("tags=" + state.tags.map(encodeURIComponent).join(","));
    // Not "q": Material's search takes that one (it opens the search box with it).
    if (state.q.trim()) parts.push("words=" + encodeURIComponent(state.q.trim()));
    if (state.sort !== "added") parts.push("sort=" + state.sort);
    return parts.length ? "?" + parts.join("&") : location.pathname;
  }

  function isDefault(state) {
    return !state.tags.length && !state.q.trim() && state.sort === "added";
  }

  function setUpFilter(form) {
    var results = form.parentNode.querySelector(".rl-filter__results");
    var listing = form.parentNode.querySelector(".rl-listing");
    var input = form.querySelector(".rl-filter__q");
    var select = form.querySelector(".rl-filter__sort");
    var status = form.querySelector(".rl-filter__status");
    var chips = Array.prototype.slice.call(form.querySelectorAll(".rl-filter__tag"));
    var total = Number(form.dataset.total);
    var paperHref = form.dataset.paper.split("|"); // [link from here, search location]
    var data = null; // the rows of filter.json, made searchable
    var abstracts = null; // search location -> words of the abstract, once loaded
    var loading = null;
    var shown = PAGE;
    var state = readState();

    function fetchJson(url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
    }

    function load() {
      if (loading) return loading;
      loading = fetchJson(form.dataset.data).then(function (json) {
        data = json.papers.map(function (row, index) {
          return {
            slug: row[0], title: row[1], authors: row[2], venue: row[3], year: row[4],
            added: row[5], published: row[6], tags: row[7].map(function (i) { return json.tags[i]; }),
            summary: row[8], links: row[9], order: index,
            text: words(row[1] + " " + row[2].join(" ")).join(" ")
          };
        });
      });
      return loading;
    }

    function loadAbstracts() {
      return fetchJson(form.dataset.search).then(function (index) {
        abstracts = {};
        // MkDocs' Material names its entries `docs`, Zensical `items`.
        (index.docs || index.items || []).forEach(function (doc) {
          abstracts[doc.location] = words(doc.text.replace(/<[^>]*>/g, " ")).join(" ");
        });
      }).catch(function () {
        abstracts = {}; // no search index: titles and authors only
      });
    }

    function matches(paper, chosen, queryWords) {
      for (var i = 0; i < chosen.length; i++) {
        if (paper.tags.indexOf(chosen[i]) < 0) return false;
      }
      if (!queryWords.length) return true;
      var text = " " + paper.text + " " +
        ((abstracts && abstracts[paperHref[1].replace("SLUG", paper.slug)]) || "");
      for (var j = 0; j < queryWords.length; j++) {
        if (text.indexOf(" " + queryWords[j]) < 0) return false; // a word or its start
      }
      return true;
    }

    function compare(sort) {
      if (sort === "title") {
        return function (a, b) { return a.title.localeCompare(b.title) || a.order - b.order; };
      }
      if (sort === "published") {
        return function (a, b) {
          if (a.published === b.published) return a.order - b.order;
          if (!a.published) return 1;
          if (!b.published) return -1;
          return a.published < b.published ? 1 : -1;
        };
      }
      return function (a, b) { return a.order - b.order; };
    }

    function card(paper) {
      var article = el("article", "rl-card");
      var title = el("p", "rl-card__title");
      var link = el("a", "", paper.title);
      link.href = paperHref[0].replace("SLUG", paper.slug);
      title.appendChild(link);
      article.appendChild(title);
      var meta = [];
      if (paper.authors.length) {
        meta.push(paper.authors.length > 3
          ? paper.authors.slice(0, 3).join(", ") + " et al." : paper.authors.join(", "));
      }
      if (paper.venue) meta.push(paper.venue);
      if (paper.year) meta.push(String(paper.year));
      var line = el("p", "rl-card__meta", meta.length ? meta.join(" · ") + " · added " : "added ");
      var time = el("time", "", paper.added);
      time.setAttribute("datetime", paper.added);
      line.appendChild(time);
      article.appendChild(line);
      if (paper.summary) article.appendChild(el("p", "rl-card__summary", paper.summary));
      var tags = el("p", "rl-card__tags");
      paper.tags.forEach(function (tag) {
        var chip = el("a", "rl-tag", tag);
        chip.href = form.dataset.tag.replace("TAG", tag);
        tags.appendChild(chip);
        tags.appendChild(document.createTextNode(" "));
      });
      article.appendChild(tags);
      return article;
    }

    function render(found) {
      results.textContent = "";
      found.slice(0, shown).forEach(function (paper) { results.appendChild(card(paper)); });
      if (found.length > shown) {
        var more = el("button", "md-button rl-filter__more",
          "Show " + Math.min(PAGE, found.length - shown) + " more");
        more.type = "button";
        more.addEventListener("click", function () { shown += PAGE; apply(false); });
        results.appendChild(more);
      }
    }

    function showState() {
      input.value = state.q;
      select.value = state.sort;
      chips.forEach(function (chip) {
        chip.setAttribute("aria-pressed", String(state.tags.indexOf(chip.dataset.tag) >= 0));
      });
    }

    function apply(resetPaging) {
      if (resetPaging) shown = PAGE;
      showState();
      if (isDefault(state)) {
        results.hidden = true;
        listing.hidden = false;
        status.textContent = total + (total === 1 ? " paper" : " papers");
        return Promise.resolve();
      }
      var queryWords = words(state.q);
      var ready = load();
      if (queryWords.length && !abstracts) ready = ready.then(loadAbstracts);
      return ready.then(function () {
        var start = performance.now();
        var found = data.filter(function (paper) { return matches(paper, state.tags, queryWords); });
        found.sort(compare(state.sort));
        var counts = {};
        found.forEach(function (paper) {
          paper.tags.forEach(function (tag) { counts[tag] = (counts[tag] || 0) + 1; });
        });
        chips.forEach(function (chip) {
          chip.querySelector(".rl-count").textContent = counts[chip.dataset.tag] || 0;
        });
        render(found);
        results.hidden = false;
        listing.hidden = true;
        status.textContent = found.length + " of " + total + (total === 1 ? " paper" : " papers");
        form.dataset.ms = (performance.now() - start).toFixed(1); // read by the browser tests
      }).catch(function () {
        status.textContent = "The filter could not load its data; the pages below list every paper.";
        results.hidden = true;
        listing.hidden = false;
      });
    }

    var typing = null;

    function change(next, push) {
      clearTimeout(typing); // what is typed so far is in `next`
      state = next;
      var url = stateQuery(state);
      if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
      apply(true);
    }

    chips.forEach(function (chip) {
      chip.addEventListener("click", function () {
        var tag = chip.dataset.tag;
        var tags = state.tags.filter(function (t) { return t !== tag; });
        if (tags.length === state.tags.length) tags.push(tag);
        change({ tags: tags, q: input.value, sort: state.sort }, true);
      });
    });
    input.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () {
        change({ tags: state.tags, q: input.value, sort: state.sort }, false);
      }, 120);
    });
    select.addEventListener("change", function () {
      change({ tags: state.tags, q: input.value, sort: select.value }, true);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      change({ tags: [], q: "", sort: "added" }, true);
    });
    window.addEventListener("popstate", function () {
      state = readState();
      apply(true);
    });

    form.hidden = false;
    apply(true);
  }

  function setUpCopyButtons() {
    document.querySelectorAll("[data-rl-copy]").forEach(function (button) {
      var source = document.getElementById(button.dataset.rlCopy);
      if (!source || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 2000);
        });
      });
    });
  }

  function start() {
    var form = document.querySelector("form.rl-filter");
    if (form) setUpFilter(form);
    setUpCopyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
