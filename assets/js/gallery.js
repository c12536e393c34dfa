// Product photos on the site itself: a tap on a photo opens a full-screen viewer instead of the
// raw file; swipe (or the arrows and arrow keys) moves between photos, a tap on the open photo
// zooms in (scroll or drag to look around) and out. Without this script every photo stays a
// plain link to its full size and the strip still swipes (CSS scroll snapping).
(function () {
  "use strict";
  function setUp(gallery) {
    var links = Array.prototype.slice.call(gallery.querySelectorAll("a[data-full]"));
    if (!links.length || typeof HTMLDialogElement !== "function") return;
    var label = function (name) { return gallery.getAttribute("data-label-" + name) || ""; };
    var dialog = document.createElement("dialog");
    dialog.className = "viewer";
    dialog.setAttribute("aria-label", gallery.getAttribute("aria-label") || "");
    var strip = document.createElement("ul");
    strip.className = "viewer__strip";
    links.forEach(function (link) {
      var slide = document.createElement("li");
      slide.className = "viewer__slide";
      var img = document.createElement("img");
      var thumb = link.querySelector("img");
      img.alt = thumb ? thumb.alt : "";
      img.dataset.src = link.getAttribute("data-full");
      img.addEventListener("click", function (e) {
        var zoomed = slide.classList.toggle("is-zoomed");
        if (zoomed) {
          var box = img.getBoundingClientRect();
          var fx = (e.clientX - box.left) / box.width, fy = (e.clientY - box.top) / box.height;
          slide.scrollLeft = fx * slide.scrollWidth - slide.clientWidth / 2;
          slide.scrollTop = fy * slide.scrollHeight - slide.clientHeight / 2;
        }
      });
      slide.appendChild(img);
      strip.appendChild(slide);
    });
    var bar = document.createElement("div");
    bar.className = "viewer__bar";
    var position = document.createElement("span");
    position.setAttribute("aria-live", "polite");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "✕";
    close.setAttribute("aria-label", label("close"));
    close.addEventListener("click", function () { dialog.close(); });
    bar.appendChild(position);
    bar.appendChild(close);
    function button(name, step) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "viewer__nav viewer__nav--" + name;
      b.textContent = step < 0 ? "‹" : "›";
      b.setAttribute("aria-label", label(name));
      b.addEventListener("click", function () { go(current() + step); });
      return b;
    }
    dialog.appendChild(strip);
    dialog.appendChild(bar);
    if (links.length > 1) {
      dialog.appendChild(button("prev", -1));
      dialog.appendChild(button("next", 1));
    }
    document.body.appendChild(dialog);

    function current() {
      return Math.round(strip.scrollLeft / Math.max(strip.clientWidth, 1));
    }
    function load(i) {
      var img = strip.children[i] && strip.children[i].querySelector("img");
      if (img && !img.src) img.src = img.dataset.src;
    }
    function show(i) {
      load(i); load(i + 1); load(i - 1);
      position.textContent = label("of").replace("#n", String(i + 1)).replace("#t", String(links.length));
    }
    function go(i) {
      i = Math.max(0, Math.min(links.length - 1, i));
      show(i);
      strip.scrollTo({ left: i * strip.clientWidth, behavior: "smooth" });
    }
    strip.addEventListener("scroll", function () { show(current()); }, { passive: true });
    dialog.addEventListener("keydown", function (e) {
      if (e.key === "ArrowRight") { go(current() + 1); e.preventDefault(); }
      if (e.key === "ArrowLeft") { go(current() - 1); e.preventDefault(); }
    });
    dialog.addEventListener("close", function () {
      Array.prototype.forEach.call(strip.children, function (s) { s.classList.remove("is-zoomed"); });
    });
    links.forEach(function (link, i) {
      link.addEventListener("click", function (e) {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        dialog.showModal();
        show(i);
        strip.scrollLeft = i * strip.clientWidth;
        close.focus();
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-gallery]"), setUp);
  });
})();
