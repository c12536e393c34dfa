// The business's forms (producer page, product and its photos). Everything here has a plain
// HTML path without the script: the forms post and the server answers with a page.
// - A form given back with errors: the first error is scrolled into view and focused.
// - Photos: chosen files (several at once, gallery or camera) are sent one per request with a
//   progress bar each; refusals are shown by the upload field, next to the file they concern.
// - Photos are reordered by dragging (mouse, pen or touch on the handle) as well as with the
//   Up/Down buttons; the new order is saved at once.
(function () {
  "use strict";

  function focusOn(el) {
    if (!el) return;
    if (!el.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(el.tagName)) {
      el.setAttribute("tabindex", "-1");
    }
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
  }

  // The first error of the page: photos refused, else the first field marked invalid.
  function focusFirstError() {
    var photoError = document.querySelector("[data-photo-error]");
    if (photoError) { focusOn(document.getElementById("photo-errors") || photoError); return; }
    var invalid = document.querySelector("[data-first-error] [aria-invalid=true]");
    if (invalid) focusOn(invalid);
  }

  var section = document.querySelector("[data-photos]");
  var page = section ? section.getAttribute("data-page") : null;
  var storeKey = section ? "hv-photo-errors-" + section.getAttribute("data-product") : null;

  function showErrors(errors) {
    var box = document.getElementById("photo-errors");
    if (!box || !errors.length) return;
    var wrap = document.createElement("div");
    wrap.className = "field__error";
    wrap.setAttribute("role", "alert");
    wrap.setAttribute("data-photo-error", "");
    var list = document.createElement("ul");
    errors.forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e.file ? e.file + ": " + e.message : e.message;
      if (e.file) li.setAttribute("data-file", e.file);
      list.appendChild(li);
    });
    wrap.appendChild(list);
    box.appendChild(wrap);
    var input = document.getElementById("f-photo");
    if (input) input.setAttribute("aria-invalid", "true");
  }

  // Errors of an upload made before the page was reloaded to show the new photos.
  if (storeKey && window.sessionStorage) {
    try {
      var kept = JSON.parse(sessionStorage.getItem(storeKey) || "[]");
      sessionStorage.removeItem(storeKey);
      showErrors(kept);
      // After the browser has scrolled to the #anh fragment of the reloaded page.
      if (kept.length) window.addEventListener("load", focusFirstError);
    } catch (e) { /* nothing kept */ }
  }

  function reloadPhotos() {
    // A fresh GET of the product's page (never a re-post of the form the page came from).
    window.location.assign(page + "?r=" + Date.now() + "#anh");
  }

  function csrfOf(form) {
    var t = form.querySelector("input[name=csrf_token]");
    return t ? t.value : "";
  }

  // Uploads.
  var upload = document.querySelector("form[data-upload]");
  if (upload && window.FormData && window.XMLHttpRequest && page) {
    var input = upload.querySelector("input[type=file]");
    var progressList = upload.querySelector("[data-upload-progress]");
    var button = upload.querySelector("button[type=submit]");
    var text = function (name) { return upload.getAttribute("data-text-" + name) || ""; };

    var sendOne = function (file, row) {
      return new Promise(function (resolve) {
        var data = new FormData();
        data.append("csrf_token", csrfOf(upload));
        data.append("photo", file, file.name);
        var xhr = new XMLHttpRequest();
        xhr.open("POST", upload.action);
        xhr.setRequestHeader("Accept", "application/json");
        var bar = row.querySelector("progress");
        var state = row.querySelector("[data-upload-state]");
        xhr.upload.addEventListener("progress", function (e) {
          if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
        });
        xhr.addEventListener("load", function () {
          var answer = null;
          try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
          if (xhr.status >= 200 && xhr.status < 300 && answer && answer.ok) {
            bar.value = 100;
            state.textContent = text("done");
            resolve(null);
          } else {
            var message = answer && answer.errors && answer.errors.length
              ? answer.errors[0].message : (xhr.statusText || String(xhr.status));
            state.textContent = text("failed") + ": " + message;
            row.classList.add("is-failed");
            resolve({ file: file.name, message: message });
          }
        });
        xhr.addEventListener("error", function () {
          state.textContent = text("failed");
          row.classList.add("is-failed");
          resolve({ file: file.name, message: text("failed") });
        });
        xhr.send(data);
      });
    };

    var start = function () {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) return;
      input.disabled = true;
      if (button) button.disabled = true;
      progressList.innerHTML = "";
      var rows = files.map(function (file) {
        var li = document.createElement("li");
        var name = document.createElement("span");
        name.className = "upload-progress__name";
        name.textContent = file.name;
        var bar = document.createElement("progress");
        bar.max = 100; bar.value = 0;
        bar.setAttribute("aria-label", text("progress") + " " + file.name);
        var state = document.createElement("span");
        state.setAttribute("data-upload-state", "");
        state.textContent = text("progress");
        li.appendChild(name); li.appendChild(bar); li.appendChild(state);
        progressList.appendChild(li);
        return li;
      });
      var errors = [], added = 0;
      var next = function (i) {
        if (i >= files.length) {
          if (added === 0) {
            input.disabled = false;
            if (button) button.disabled = false;
            showErrors(errors);
            focusOn(document.getElementById("photo-errors"));
            return;
          }
          if (errors.length && window.sessionStorage) {
            sessionStorage.setItem(storeKey, JSON.stringify(errors));
          }
          reloadPhotos();
          return;
        }
        sendOne(files[i], rows[i]).then(function (error) {
          if (error) errors.push(error); else added += 1;
          next(i + 1);
        });
      };
      next(0);
    };
    input.addEventListener("change", start);
    upload.addEventListener("submit", function (e) { e.preventDefault(); start(); });
    // The files go up as soon as they are chosen: the button is for the page without script.
    if (button) button.style.display = "none";
  }

  // Reordering by drag.
  var list = document.querySelector("[data-sortable]");
  if (list && window.fetch) {
    var action = list.getAttribute("data-reorder-url");
    var items = function () { return Array.prototype.slice.call(list.querySelectorAll("li[data-photo]")); };
    var orderOf = function () { return items().map(function (li) { return li.getAttribute("data-photo"); }).join(","); };
    var before = orderOf();
    var token = (function () { var f = list.querySelector("form"); return f ? csrfOf(f) : ""; })();
    var save = function () {
      var order = orderOf();
      if (order === before) return;
      var body = new URLSearchParams();
      body.append("csrf_token", token);
      body.append("order", order);
      fetch(action, {
        method: "POST",
        headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
        credentials: "same-origin"
      }).then(function () { reloadPhotos(); }, function () { reloadPhotos(); });
    };
    var dragged = null;
    // The item under a point, and whether the point is in its second half.
    var placeAt = function (x, y) {
      var target = document.elementFromPoint(x, y);
      var li = target && target.closest ? target.closest("li[data-photo]") : null;
      if (!li || li === dragged || li.parentNode !== list) return;
      var box = li.getBoundingClientRect();
      // One photo a row (a phone): the lower half means after; several a row: the right half.
      var oneColumn = box.width > list.getBoundingClientRect().width * 0.6;
      var after = oneColumn ? (y - box.top) > box.height / 2 : (x - box.left) > box.width / 2;
      list.insertBefore(dragged, after ? li.nextSibling : li);
    };
    items().forEach(function (li) {
      var handle = li.querySelector("[data-drag-handle]");
      if (!handle) return;
      handle.hidden = false;
      // Only the handle starts a drag, so the description field stays easy to select in.
      handle.addEventListener("mousedown", function () { li.setAttribute("draggable", "true"); });
      li.addEventListener("dragstart", function (e) {
        dragged = li; li.classList.add("is-dragging");
        e.dataTransfer.effectAllowed = "move";
        try { e.dataTransfer.setData("text/plain", li.getAttribute("data-photo")); } catch (err) { /* old browsers */ }
      });
      li.addEventListener("dragend", function () {
        li.classList.remove("is-dragging"); li.removeAttribute("draggable"); dragged = null; save();
      });
      {
        // Moving the item in the list drops any pointer capture, so the move and the end
        // are followed on the document for the time of the drag.
        var move = function (e) {
          if (dragged !== li) return;
          e.preventDefault();
          placeAt(e.clientX, e.clientY);
        };
        var end = function () {
          document.removeEventListener("pointermove", move);
          document.removeEventListener("pointerup", end);
          document.removeEventListener("pointercancel", end);
          if (dragged !== li) return;
          li.classList.remove("is-dragging"); dragged = null; save();
        };
        handle.addEventListener("pointerdown", function (e) {
          if (e.pointerType === "mouse") return; // the mouse uses the HTML drag and drop
          e.preventDefault();
          dragged = li; li.classList.add("is-dragging");
          document.addEventListener("pointermove", move, { passive: false });
          document.addEventListener("pointerup", end);
          document.addEventListener("pointercancel", end);
        });
      }
    });
    list.addEventListener("dragover", function (e) {
      if (!dragged) return;
      e.preventDefault();
      placeAt(e.clientX, e.clientY);
    });
    list.addEventListener("drop", function (e) { e.preventDefault(); });
  }

  focusFirstError();
})();
