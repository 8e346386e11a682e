// The sample hub's own touch on Material: its search overlay is a dialog without a name (ARIA 1.2).
(function () {
  var search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
})();
