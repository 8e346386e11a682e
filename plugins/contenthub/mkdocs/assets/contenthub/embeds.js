/* contenthub: an embedded video's facade (contenthub/embed.html) becomes its player when the reader
 * asks, and not before: until then the page asks nothing of the video's site. Without this script the
 * facade is a plain link to the video's page. One listener on the document, so it works after
 * Material's instant navigation too. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var facade = event.target instanceof Element ? event.target.closest("[data-ch-play]") : null;
    var figure = facade ? facade.closest("[data-ch-player]") : null;
    if (!figure || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    var player = document.createElement("iframe");
    player.src = figure.getAttribute("data-ch-player");
    player.title = facade.textContent.trim();
    player.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    player.allowFullscreen = true;
    player.className = "ch-embed__player";
    facade.replaceWith(player);
    player.focus();
  });
})();
