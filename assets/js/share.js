// Share buttons without anyone else's script: "copy link" copies the page address; "Zalo"
// opens the phone's own share sheet (where Zalo is offered) or, where there is none, copies
// the link to paste into Zalo. Without this script both stay plain links to the page.
(function () {
  "use strict";
  function say(section, text) {
    var status = section && section.querySelector(".share__status");
    if (status) status.textContent = text;
  }
  function copy(url, done) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { window.prompt("", url); });
    } else {
      window.prompt("", url);
    }
  }
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-share]");
    if (!link) return;
    e.preventDefault();
    var url = link.href, section = link.closest(".share");
    var message = link.getAttribute("data-copied") || "";
    if (link.getAttribute("data-share") === "zalo" && navigator.share) {
      navigator.share({ title: link.getAttribute("data-share-title") || document.title, url: url })
        .catch(function () {});
      return;
    }
    copy(url, function () { say(section, message); });
  });
})();
