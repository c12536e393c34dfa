// Search-as-you-type; the plain form works without it.
// ARIA combobox (list autocomplete) for every input[data-suggest]. DOM built with
// createElement/textContent only: labels are user data. Fails silently.
(function () {
  'use strict';

  // English pages ask for English suggestions (links and labels under /en).
  var ENDPOINT = (document.documentElement.lang === 'en' ? '/en' : '') + '/api/v1/suggest?q=', DELAY = 150, MIN_CHARS = 2;
  // Words come from the page (base.html puts the catalogue's messages on <body>).
  var WORDS = document.body ? document.body.dataset : {};
  var KINDS = { product: WORDS.suggestProduct, producer: WORDS.suggestProducer, category: WORDS.suggestCategory };
  var uid = 0;

  function safeUrl(url) {
    // Same-origin paths only (no "//host", no "javascript:").
    return typeof url === 'string' && url.charAt(0) === '/' && url.charAt(1) !== '/' && url.charAt(1) !== '\\';
  }

  function setup(input) {
    if (!input.id) input.id = 'suggest-input-' + (++uid);
    var listId = input.id + '-suggest';
    var list = document.createElement('ul');
    list.id = listId;
    list.className = 'suggest';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Gợi ý tìm kiếm');
    list.hidden = true;
    var live = document.createElement('div');
    live.className = 'visually-hidden';
    live.setAttribute('aria-live', 'polite');

    (input.closest('.search__row') || input).after(list, live);

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);

    var timer = 0, blurTimer = 0, seq = 0, controller = null;
    var options = [], active = -1;
    var shownFor = null; // query the current options belong to

    function announce(text) {
      if (live.textContent !== text) live.textContent = text;
    }

    function setActive(i) {
      if (active >= 0 && options[active]) options[active].classList.remove('is-active');
      active = i;
      if (i >= 0 && options[i]) {
        options[i].classList.add('is-active');
        options[i].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', options[i].id);
        options[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
      options.forEach(function (o, j) { if (j !== i) o.setAttribute('aria-selected', 'false'); });
    }

    function open() {
      if (!options.length) return close();
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
    }

    function cancel() {
      seq++;
      clearTimeout(timer);
      if (controller) { controller.abort(); controller = null; }
    }

    function render(query, items) {
      list.replaceChildren();
      options = [];
      active = -1;
      input.removeAttribute('aria-activedescendant');
      items.forEach(function (item) {
        if (!item || !safeUrl(item.url) || typeof item.label !== 'string') return;
        var kind = Object.prototype.hasOwnProperty.call(KINDS, item.kind) ? item.kind : null;
        var li = document.createElement('li');
        li.id = listId + '-' + options.length;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.className = 'suggest__item' + (kind ? ' suggest__item--' + kind : '');
        var a = document.createElement('a');
        a.href = item.url;
        a.tabIndex = -1;
        if (kind) {
          var k = document.createElement('span');
          k.className = 'suggest__kind';
          k.textContent = KINDS[kind];
          a.append(k, ' ');
        }
        var l = document.createElement('span');
        l.className = 'suggest__label';
        l.textContent = item.label;
        a.append(l);
        li.append(a);
        list.append(li);
        options.push(li);
      });
      shownFor = query;
      announce(options.length === 0 ? WORDS.suggestNone
        : options.length === 1 ? WORDS.suggestOne
        : String(WORDS.suggestMany).replace('#', options.length));
      if (document.activeElement === input) open(); else close();
    }

    function fetchSuggestions(query) {
      var mine = seq;
      controller = new AbortController();
      fetch(ENDPOINT + encodeURIComponent(query), { headers: { Accept: 'application/json' }, signal: controller.signal })
        .then(function (res) { return res.ok ? res.json() : Promise.reject(new Error('HTTP ' + res.status)); })
        .then(function (data) {
          if (mine !== seq) return; // stale
          controller = null;
          render(query, data && Array.isArray(data.items) ? data.items.slice(0, 8) : []);
        })
        .catch(function () { /* network error, abort or bad JSON: the plain form still works */ });
    }

    input.addEventListener('input', function () {
      cancel();
      var query = input.value.trim();
      if (query.length < MIN_CHARS) {
        options = [];
        list.replaceChildren();
        shownFor = null;
        close();
        return;
      }
      timer = setTimeout(function () { fetchSuggestions(query); }, DELAY);
    });

    input.addEventListener('keydown', function (e) {
      if (e.isComposing) return; // IME (Telex/VNI) composition in progress
      var isOpen = !list.hidden;
      switch (e.key) {
        case 'ArrowDown':
        case 'ArrowUp':
          if (!options.length || (!isOpen && shownFor !== input.value.trim())) return;
          e.preventDefault();
          if (!isOpen) open();
          var n = options.length;
          if (e.key === 'ArrowDown') setActive(active < 0 ? 0 : (active + 1) % n);
          else setActive(active < 0 ? n - 1 : (active - 1 + n) % n);
          break;
        case 'Enter':
          if (isOpen && active >= 0 && options[active]) {
            e.preventDefault();
            var href = options[active].querySelector('a').getAttribute('href');
            close();
            window.location.assign(href);
          }
          break;
        case 'Escape':
          if (isOpen) { e.preventDefault(); close(); }
          break;
        case 'Tab':
          close();
          break;
      }
    });

    input.addEventListener('focus', function () {
      clearTimeout(blurTimer);
      if (options.length && shownFor === input.value.trim()) open();
    });

    input.addEventListener('blur', function () {
      clearTimeout(blurTimer);
      blurTimer = setTimeout(close, 150);
    });

    // Keep focus in the input while clicking an option; the link click still navigates.
    list.addEventListener('mousedown', function (e) { e.preventDefault(); });
    list.addEventListener('click', function () { setTimeout(close, 0); });

    window.addEventListener('pageshow', function (e) { if (e.persisted) { cancel(); close(); } }); // back/forward cache
  }

  function init() {
    document.querySelectorAll('input[data-suggest]').forEach(function (input) {
      if (input.dataset.suggestReady) return;
      input.dataset.suggestReady = '1';
      setup(input);
    });
  }

  if (!('fetch' in window) || !('AbortController' in window)) return;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
