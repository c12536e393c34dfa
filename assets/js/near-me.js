// "Gần tôi" without anyone else's script: asks the browser for the visitor's position and
// reloads the page with ?near=lat,lng (the server sorts the points of sale by distance).
// Without this script, or without geolocation, the button stays hidden and the page works by
// choosing a province.
(function () {
  "use strict";
  if (!navigator.geolocation) return;
  var buttons = document.querySelectorAll("button[data-near-me]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    var status = button.parentNode.querySelector(".near-me__status");
    function say(text) { if (status) status.textContent = text; }
    button.addEventListener("click", function () {
      button.disabled = true;
      say(button.getAttribute("data-locating") || "");
      navigator.geolocation.getCurrentPosition(function (pos) {
        var url = new URL(window.location.href);
        url.searchParams.set("near", pos.coords.latitude.toFixed(5) + "," + pos.coords.longitude.toFixed(5));
        url.searchParams.delete("page");
        url.hash = button.getAttribute("data-anchor") || "";
        window.location.assign(url.toString());
      }, function () {
        button.disabled = false;
        say(button.getAttribute("data-failed") || "");
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
    });
  });
})();
