/* contenthub: the knowledge base filter page.
 *
 * OR within a facet, AND across facets, free text over titles and excerpts
 * (`?market=b2b&channel=linkedin&channel=twitter&search=crm&sort=oldest`). Counts are disjunctive:
 * each value shows how many results ticking it would give. All state lives in the URL query, so a
 * shared URL opens the same view; toggles add a history step, typing replaces the current one.
 * Works on plain page loads and with Material's instant navigation (document$).
 */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  // Not `q`: Material's search opens its own overlay for `?q=` and strips it from the URL.
  var TEXT_PARAM = "search";
  var current = null; // the knowledge base on the page being shown, if any

  /* The page's texts, in its language (data-strings, from the site's message catalog):
   * `{name}` marks a value put in, and a text that counts has a form per plural category, which the
   * browser's own CLDR rules pick, as the server's did. */
  function Strings(root) {
    var data = JSON.parse(root.getAttribute("data-strings"));
    this.lang = data.lang;
    this.texts = data.texts;
    this.plurals = new Intl.PluralRules(data.lang);
    this.numbers = new Intl.NumberFormat(data.lang);
    this.lists = typeof Intl.ListFormat === "function" ? new Intl.ListFormat(data.lang, { type: "disjunction" }) : null;
  }

  Strings.prototype.number = function (n) {
    return this.numbers.format(n);
  };

  /* The text of `key` as a string, with `values` put in (and `count`, written as the language does). */
  Strings.prototype.text = function (key, values, count) {
    var message = this.texts[key];
    if (typeof message !== "string") message = message[this.plurals.select(count)] || message.other;
    var all = Object.assign({}, values || {});
    if (count !== undefined) all.count = this.number(count);
    return message.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in all ? String(all[name]) : whole;
    });
  };

  /* The text of `key` as DOM nodes: a value that is a node (a button, a link) goes in as it is, the rest
   * as text, never as markup. */
  Strings.prototype.nodes = function (key, values, count) {
    var message = this.texts[key];
    if (typeof message !== "string") message = message[this.plurals.select(count)] || message.other;
    var all = Object.assign({}, values || {});
    if (count !== undefined) all.count = this.number(count);
    var fragment = document.createDocumentFragment();
    message.split(/(\{\w+\})/).forEach(function (part) {
      var name = /^\{(\w+)\}$/.exec(part);
      var value = name && name[1] in all ? all[name[1]] : part;
      if (value === "") return;
      fragment.appendChild(value instanceof Node ? value : document.createTextNode(String(value)));
    });
    return fragment;
  };

  /* "LinkedIn or Twitter", in the page's language where the browser knows how. */
  Strings.prototype.either = function (names) {
    return this.lists ? this.lists.format(names) : names.join(" / ");
  };

  function element(tag, attributes, children) {
    var made = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { made.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      made.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return made;
  }

  function KnowledgeBase(root, index) {
    var self = this;
    this.root = root;
    this.form = root.querySelector(".ch-kb__filters");
    this.query = root.querySelector("#ch-kb-q");
    this.sortSelect = root.querySelector("#ch-kb-sort");
    this.status = root.querySelector(".ch-kb__status");
    this.applied = root.querySelector(".ch-kb__applied");
    this.chips = root.querySelector(".ch-kb__chips");
    this.empty = root.querySelector(".ch-kb__empty");
    this.list = root.querySelector(".ch-kb__list");
    this.more = root.querySelector(".ch-kb__more");
    this.follow = root.querySelector(".ch-kb__follow");
    this.toggle = root.querySelector(".ch-kb__toggle");
    this.panel = root.querySelector(".ch-kb__panel");
    this.ticked = root.querySelector("[data-kb-ticked]");
    this.found = root.querySelector("[data-kb-found]");
    this.feeds = index.feeds || [];
    this.strings = new Strings(root);
    this.dates = index.dates || {};
    this.card = root.querySelector("template[data-ch-card]").content.querySelector(".ch-card");
    this.siteRoot = root.getAttribute("data-root") || "./";
    this.pathname = window.location.pathname;

    // Facets and values, numbered as in the index.
    this.facets = [];
    this.values = [];
    this.valueNumber = {}; // facet id -> slug -> value number
    index.facets.forEach(function (facet, f) {
      var numbers = {};
      self.facets.push({ id: facet.id, label: facet.label, values: [] });
      facet.values.forEach(function (pair) {
        var n = self.values.length;
        var input = self.form.querySelector(
          'input[name="' + CSS.escape(facet.id) + '"][value="' + CSS.escape(pair[0]) + '"]');
        self.values.push({
          n: n, facet: f, slug: pair[0], label: pair[1],
          url: pair[2],
          input: input,
          option: input && input.closest(".ch-kb__option"),
          count: input && input.parentNode.querySelector("[data-count]"),
          shownCount: null,
        });
        self.facets[f].values.push(n);
        numbers[pair[0]] = n;
      });
      self.valueNumber[facet.id] = numbers;
    });

    this.posts = index.posts.map(function (row, order) {
      return {
        url: row[0], title: row[1], date: row[2], excerpt: row[3], values: row[4],
        draft: row[5] === 1, order: order,
        haystack: (row[1] + " " + row[3]).toLowerCase(),
      };
    });
    this.byTitle = null;

    this.selected = new Uint8Array(this.values.length);
    this.text = "";
    this.sort = "newest";
    this.shown = PAGE_SIZE;

    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("change", function (event) {
      var target = event.target;
      if (target === self.sortSelect) {
        self.sort = target.value;
      } else if (target.type === "checkbox") {
        var value = self.valueNumber[target.name] && self.valueNumber[target.name][target.value];
        if (value === undefined) return;
        self.selected[value] = target.checked ? 1 : 0;
      } else {
        return;
      }
      self.commit(true);
    });
    this.query.addEventListener("input", function () {
      self.text = self.query.value;
      self.commit(false);
    });
    root.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-remove]");
      if (button) self.remove(button.getAttribute("data-remove"), button);
    });
    root.querySelector(".ch-kb__clear").addEventListener("click", function () {
      self.selected.fill(0);
      self.text = "";
      self.syncForm();
      self.commit(true);
      self.query.focus();
    });
    this.more.addEventListener("click", function () {
      self.shown += PAGE_SIZE;
      self.render();
    });
    // The Filters button and the panel it opens (narrow screens only: contenthub.css hides the
    // button and always shows the panel on wide ones).
    this.toggle.addEventListener("click", function () {
      self.openPanel(self.toggle.getAttribute("aria-expanded") !== "true");
    });
    root.querySelector(".ch-kb__done button").addEventListener("click", function () {
      self.openPanel(false);
    });
    this.form.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !self.panelFolds() || self.toggle.getAttribute("aria-expanded") !== "true") return;
      if (event.target !== self.toggle && !self.panel.contains(event.target)) return; // Escape clears the search box
      event.preventDefault();
      self.openPanel(false);
    });

    this.readUrl();
    this.form.hidden = false;
    this.render();
  }

  /* Whether the panel folds behind the Filters button, i.e. the button is on screen (narrow screens). */
  KnowledgeBase.prototype.panelFolds = function () {
    return this.toggle.getClientRects().length > 0;
  };

  /* Open the panel and move focus to its first control, or close it and give focus back to the button. */
  KnowledgeBase.prototype.openPanel = function (open) {
    this.toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (!this.panelFolds()) return;
    if (open) this.panel.querySelector("input, select, button").focus();
    else this.toggle.focus();
  };

  /* Filters are written as repeated keys (`channel=linkedin&channel=twitter`); commas also work. */
  KnowledgeBase.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    this.selected.fill(0);
    this.facets.forEach(function (facet) {
      params.getAll(facet.id).forEach(function (raw) {
        raw.split(",").forEach(function (slug) {
          var n = self.valueNumber[facet.id][slug.trim().toLowerCase()];
          if (n !== undefined) self.selected[n] = 1;
        });
      });
    });
    this.text = params.get(TEXT_PARAM) || "";
    var sort = params.get("sort");
    this.sort = sort === "oldest" || sort === "title" ? sort : "newest";
    this.shown = PAGE_SIZE;
    this.syncForm();
  };

  KnowledgeBase.prototype.syncForm = function () {
    var self = this;
    this.values.forEach(function (value) {
      if (value.input) value.input.checked = self.selected[value.n] === 1;
    });
    if (this.query.value !== this.text) this.query.value = this.text;
    this.sortSelect.value = this.sort;
  };

  KnowledgeBase.prototype.queryString = function () {
    var params = new URLSearchParams();
    var self = this;
    this.facets.forEach(function (facet) {
      facet.values.forEach(function (n) {
        if (self.selected[n]) params.append(facet.id, self.values[n].slug);
      });
    });
    if (this.text.trim()) params.set(TEXT_PARAM, this.text.trim());
    if (this.sort !== "newest") params.set("sort", this.sort);
    var query = params.toString();
    return query ? "?" + query : "";
  };

  /* Record the state in the URL (a new history step, or replacing the current one) and re-render. */
  KnowledgeBase.prototype.commit = function (newStep) {
    var target = window.location.pathname + this.queryString();
    if (target !== window.location.pathname + window.location.search) {
      if (newStep) window.history.pushState(null, "", target);
      else window.history.replaceState(null, "", target);
    }
    this.shown = PAGE_SIZE;
    this.render();
  };

  KnowledgeBase.prototype.remove = function (what, button) {
    var chips = Array.prototype.slice.call(this.chips.querySelectorAll("button"));
    var position = chips.indexOf(button); // -1 for the buttons of the zero-result message
    if (what === "search") {
      this.text = "";
    } else if (what.indexOf("facet:") === 0) {
      var facet = this.facets[Number(what.slice(6))];
      var self = this;
      facet.values.forEach(function (n) { self.selected[n] = 0; });
    } else {
      this.selected[Number(what)] = 0;
    }
    this.syncForm();
    this.commit(true);
    // Keep keyboard users in place: the chip that took the removed one's place, else the search box.
    var left = this.chips.querySelectorAll("button");
    var target = position >= 0 && left.length ? left[Math.min(position, left.length - 1)] : this.query;
    target.focus();
  };

  /* One pass over the posts computes the results, the disjunctive counts of every value, and, for
   * the zero-result message, how many posts each single filter is holding back. */
  KnowledgeBase.prototype.evaluate = function () {
    var terms = this.text.toLowerCase().split(/\s+/).filter(Boolean);
    var selected = this.selected;
    var values = this.values;
    var facetBit = new Int32Array(values.length);
    var activeMask = 0;
    for (var v = 0; v < values.length; v++) {
      facetBit[v] = 1 << values[v].facet;
      if (selected[v]) activeMask |= facetBit[v];
    }
    var counts = new Int32Array(values.length);
    var blockedBy = new Int32Array(this.facets.length); // posts that fail only this facet
    var blockedByText = 0; // posts that pass every facet but not the text
    var results = [];
    var posts = this.posts;
    for (var i = 0; i < posts.length; i++) {
      var post = posts[i];
      var textOk = true;
      for (var t = 0; t < terms.length; t++) {
        if (post.haystack.indexOf(terms[t]) < 0) { textOk = false; break; }
      }
      var own = post.values;
      var matched = 0;
      for (var k = 0; k < own.length; k++) if (selected[own[k]]) matched |= facetBit[own[k]];
      var failing = activeMask & ~matched;
      if (failing === 0) {
        if (textOk) {
          results.push(post);
          for (k = 0; k < own.length; k++) counts[own[k]]++;
        } else {
          blockedByText++;
        }
      } else if (textOk && (failing & (failing - 1)) === 0) {
        var f = 31 - Math.clz32(failing);
        blockedBy[f]++;
        for (k = 0; k < own.length; k++) if (values[own[k]].facet === f) counts[own[k]]++;
      }
    }
    return { results: results, counts: counts, blockedBy: blockedBy, blockedByText: blockedByText };
  };

  KnowledgeBase.prototype.sorted = function (results) {
    if (this.sort === "oldest") return results.slice().reverse();
    if (this.sort === "title") {
      if (!this.byTitle) {
        var collator = new Intl.Collator(document.documentElement.lang || undefined, { sensitivity: "base" });
        var ranked = this.posts.slice().sort(function (a, b) {
          return collator.compare(a.title, b.title) || a.order - b.order;
        });
        this.byTitle = new Int32Array(this.posts.length);
        for (var r = 0; r < ranked.length; r++) this.byTitle[ranked[r].order] = r;
      }
      var rank = this.byTitle;
      return results.slice().sort(function (a, b) { return rank[a.order] - rank[b.order]; });
    }
    return results;
  };

  KnowledgeBase.prototype.render = function () {
    var outcome = this.evaluate();
    this.renderCounts(outcome.counts);
    this.renderApplied();
    this.renderEmpty(outcome);
    this.renderFollow();
    this.renderList(this.sorted(outcome.results));
    var total = this.posts.length;
    var found = outcome.results.length;
    var strings = this.strings;
    var status = found === total && !this.hasFilters()
      ? strings.text("kb.found", {}, total)
      : strings.text("kb.found_of", { total: strings.number(total) }, found);
    if (this.status.textContent !== status) this.status.textContent = status;
    var ticked = 0;
    for (var v = 0; v < this.selected.length; v++) ticked += this.selected[v];
    this.ticked.textContent = ticked ? " " + strings.text("kb.count", null, ticked) : "";
    this.found.textContent = " " + strings.text("kb.count", null, found);
    this.root.setAttribute("data-rendered", this.queryString());
    this.root.dispatchEvent(new CustomEvent("contenthub:render", { detail: { results: found } }));
  };

  KnowledgeBase.prototype.hasFilters = function () {
    return this.selected.indexOf(1) >= 0 || this.text.trim() !== "";
  };

  KnowledgeBase.prototype.renderCounts = function (counts) {
    for (var v = 0; v < this.values.length; v++) {
      var value = this.values[v];
      if (!value.count) continue;
      if (value.shownCount !== counts[v]) {
        value.shownCount = counts[v];
        value.count.textContent = this.strings.text("kb.count", null, counts[v]);
      }
      value.option.classList.toggle("ch-kb__option--zero", counts[v] === 0 && !this.selected[v]);
    }
  };

  KnowledgeBase.prototype.filterLabel = function (n) {
    var value = this.values[n];
    return this.strings.text("kb.filter", { facet: this.facets[value.facet].label, value: value.label });
  };

  KnowledgeBase.prototype.renderApplied = function () {
    var strings = this.strings;
    var chips = [];
    var state = [];
    function chip(what, label, removing) {
      var button = element("button", { type: "button", "data-remove": what, "aria-label": removing },
        [label + " ", element("span", { "aria-hidden": "true" }, ["×"])]);
      chips.push(element("li", {}, [button]));
      state.push(what + "\u0000" + label);
    }
    for (var v = 0; v < this.values.length; v++) {
      if (!this.selected[v]) continue;
      var filter = this.filterLabel(v);
      chip(String(v), filter, strings.text("kb.remove", { filter: filter }));
    }
    var text = this.text.trim();
    if (text) {
      var quoted = strings.text("kb.text", { text: text });
      chip("search", quoted, strings.text("kb.drop_text", { text: quoted }));
    }
    state = state.join("\u0001");
    if (this.chips.getAttribute("data-state") !== state) {  // keep the buttons, and focus, when nothing changed
      this.chips.replaceChildren.apply(this.chips, chips);
      this.chips.setAttribute("data-state", state);
    }
    this.applied.hidden = chips.length === 0;
  };

  /* With exactly one value ticked, offer that value's feeds (when the site has feeds). */
  KnowledgeBase.prototype.renderFollow = function () {
    var ticked = [];
    for (var v = 0; v < this.values.length; v++) if (this.selected[v]) ticked.push(v);
    var nodes = [];
    if (ticked.length === 1 && this.feeds.length) {
      var value = this.values[ticked[0]];
      var folder = this.siteRoot + this.facets[value.facet].id + "/" + value.slug + "/";
      nodes.push(this.strings.nodes("kb.follow", { value: value.label }));
      this.feeds.forEach(function (feed, i) {
        nodes.push(document.createTextNode(i ? " · " : " "));
        nodes.push(element("a", { href: folder + feed[1] }, [feed[0]]));
      });
    }
    var state = ticked.length === 1 && this.feeds.length ? String(ticked[0]) : "";
    if (this.follow.getAttribute("data-state") !== state) {
      this.follow.replaceChildren.apply(this.follow, nodes);
      this.follow.setAttribute("data-state", state);
    }
    this.follow.hidden = nodes.length === 0;
  };

  /* With no results, name each filter that is holding posts back and offer to drop it. */
  KnowledgeBase.prototype.renderEmpty = function (outcome) {
    if (outcome.results.length > 0 || this.posts.length === 0) {
      this.empty.hidden = true;
      this.empty.replaceChildren();
      return;
    }
    var self = this;
    var strings = this.strings;
    var items = [];
    this.facets.forEach(function (facet, f) {
      var chosen = facet.values.filter(function (n) { return self.selected[n]; });
      if (!chosen.length || !outcome.blockedBy[f]) return;
      var names = strings.either(chosen.map(function (n) { return self.values[n].label; }));
      var filter = strings.text("kb.filter", { facet: facet.label, value: names });
      var button = element("button", { type: "button", "data-remove": "facet:" + f },
        [strings.text("kb.drop_filter", { filter: filter })]);
      var posts = strings.text("kb.found", {}, outcome.blockedBy[f]);
      items.push(element("li", {}, [strings.nodes("kb.drop", { remove: button, posts: posts })]));
    });
    if (this.text.trim() && outcome.blockedByText) {
      var quoted = strings.text("kb.text", { text: this.text.trim() });
      var button = element("button", { type: "button", "data-remove": "search" },
        [strings.text("kb.drop_text", { text: quoted })]);
      var posts = strings.text("kb.found", {}, outcome.blockedByText);
      items.push(element("li", {}, [strings.nodes("kb.drop", { remove: button, posts: posts })]));
    }
    var nodes = [element("p", {}, [element("strong", {}, [strings.text("kb.none")])])];
    nodes.push(items.length ? element("ul", {}, items) : element("p", {}, [strings.text("kb.together")]));
    this.empty.replaceChildren.apply(this.empty, nodes);
    this.empty.hidden = false;
  };

  /* A result: a copy of the page's own card (card.html, in <template data-ch-card>), filled in. */
  KnowledgeBase.prototype.cardFor = function (post) {
    var root = this.siteRoot;
    var card = this.card.cloneNode(true);
    var link = card.querySelector("[data-ch-link]");
    link.setAttribute("href", root + post.url);
    card.querySelector("[data-ch-title]").textContent = post.title;
    var date = card.querySelector("[data-ch-date]");
    date.setAttribute("datetime", post.date);
    date.textContent = this.dates[post.date] || post.date;
    var draft = card.querySelector("[data-ch-draft]");
    if (draft && !post.draft) draft.remove();
    var excerpt = card.querySelector("[data-ch-excerpt]");
    if (excerpt) {
      if (post.excerpt) excerpt.textContent = post.excerpt;
      else excerpt.remove();
    }
    var chips = card.querySelector("[data-ch-chips]");
    if (chips) {
      var sample = chips.querySelector("[data-ch-chip]");
      var self = this;
      var made = post.values.map(function (n) {
        var value = self.values[n];
        var chip = sample.cloneNode(true);
        chip.querySelector("[data-ch-chip-link]").setAttribute("href", root + value.url);
        chip.querySelector("[data-ch-facet]").textContent = self.facets[value.facet].label;
        chip.querySelector("[data-ch-value]").textContent = value.label;
        return chip;
      });
      if (made.length) chips.replaceChildren.apply(chips, made);
      else chips.remove();
    }
    return element("li", {}, [card]);
  };

  KnowledgeBase.prototype.renderList = function (results) {
    var end = Math.min(this.shown, results.length);
    var items = [];
    for (var i = 0; i < end; i++) items.push(this.cardFor(results[i]));
    this.list.replaceChildren.apply(this.list, items);
    var rest = results.length - end;
    this.more.hidden = rest <= 0;
    if (rest > 0) {
      var next = Math.min(rest, PAGE_SIZE);
      this.more.textContent = this.strings.text("kb.more", { left: this.strings.number(rest) }, next);
    }
  };

  function showFallback(root, message) {
    var status = root.querySelector(".ch-kb__status");
    status.textContent = message;
    // The no-JavaScript listing is inert text inside <noscript>; show it instead.
    var noscript = root.querySelector("noscript");
    if (noscript) {
      var fallback = document.createElement("div");
      fallback.innerHTML = noscript.textContent;
      noscript.parentNode.replaceChild(fallback, noscript);
    }
  }

  /* The coverage matrix scrolls sideways when it is wider than the page: say so (the hint), and mark
   * the frame with data-more-start / data-more-end while columns are hidden on either side (the
   * shadows). scrollLeft counts down from 0 in right-to-left pages, hence the absolute value. */
  function watchCoverage() {
    var regions = document.querySelectorAll(".ch-coverage__scroll");
    Array.prototype.forEach.call(regions, function (region) {
      var frame = region.parentNode;
      var hint = region.closest(".ch-coverage").querySelector(".ch-coverage__hint");
      function update() {
        var hidden = region.scrollWidth - region.clientWidth;
        var scrolled = Math.abs(region.scrollLeft);
        frame.toggleAttribute("data-more-start", hidden > 1 && scrolled > 1);
        frame.toggleAttribute("data-more-end", hidden > 1 && scrolled < hidden - 1);
        if (hint) hint.hidden = hidden <= 1;
      }
      region.addEventListener("scroll", update, { passive: true });
      if (typeof ResizeObserver !== "undefined") {
        var observer = new ResizeObserver(update);
        observer.observe(region);
        observer.observe(region.firstElementChild);
      }
      update();
    });
  }

  function setup() {
    watchCoverage();
    var root = document.querySelector("[data-contenthub-kb]");
    current = null;
    if (!root) return;
    fetch(root.getAttribute("data-index"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (index) {
        if (!document.body.contains(root)) return; // the reader navigated away meanwhile
        current = new KnowledgeBase(root, index);
      })
      .catch(function (error) {
        showFallback(root, new Strings(root).text("kb.failed", { error: error.message }));
      });
  }

  // Back and forward between two states of the filter page are ours alone. Material's instant
  // navigation would otherwise fetch and swap in the same page again (it does so on the first
  // popstate after a full load), losing scroll position and focus. The plugin adds a listener in
  // <head>, ahead of Material's, that calls this handler, so it can stop the event in time.
  function onPopstate(event) {
    if (!current || !document.body.contains(current.root)) return;
    if (window.location.pathname !== current.pathname) return; // leaving the page: not ours
    event.stopImmediatePropagation();
    current.readUrl();
    current.render();
  }
  if ("contenthubPopstate" in window) window.contenthubPopstate = onPopstate;
  else window.addEventListener("popstate", onPopstate);

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup); // Material: runs on the first load and after every instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
