// Officials' area: suggestions for "add a product" to a collection. The field works without
// it (a name, slug or address is resolved on the server, which lists the candidates when a
// name is ambiguous); with it, the <datalist> offers published products as the official
// types. Options are built with createElement/value only: names are user data.
(function () {
  'use strict';
  var DELAY = 200, MIN_CHARS = 2;

  function setup(input) {
    var list = document.getElementById(input.getAttribute('list'));
    var endpoint = input.dataset.productSuggest;
    if (!list || !endpoint || endpoint.charAt(0) !== '/' || endpoint.charAt(1) === '/') return;
    var timer = 0, seq = 0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < MIN_CHARS) return;
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch(endpoint + '?q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            if (mine !== seq || !Array.isArray(items)) return;
            while (list.firstChild) list.removeChild(list.firstChild);
            items.forEach(function (p) {
              if (!p || typeof p.name !== 'string') return;
              var option = document.createElement('option');
              option.value = p.name;
              option.label = typeof p.producer === 'string' ? p.producer : '';
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, DELAY);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('input[data-product-suggest][list]'), setup);
})();
