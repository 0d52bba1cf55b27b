/*
 * kokuchi's progressive enhancements. Pages are complete without this file:
 * - article pages: a "show times in my time zone" toggle (remembered in localStorage);
 * - search pages: the search form over the Pagefind index (the page says search needs JavaScript until then).
 * No inline scripts, nothing from other origins: it works under a Content-Security-Policy of 'self'
 * (search also needs 'wasm-unsafe-eval' for Pagefind's WebAssembly).
 */
(function () {
  'use strict';

  var STORAGE_KEY = 'kokuchi:local-times';

  function readChoice() {
    try {
      return window.localStorage.getItem(STORAGE_KEY) === 'on';
    } catch (error) {
      return false;
    }
  }

  function saveChoice(on) {
    try {
      window.localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
    } catch (error) {
      /* storage may be disabled; the toggle still works for this page */
    }
  }

  function setupLocalTimes() {
    var template = document.getElementById('local-time-control');
    var main = document.querySelector('main');
    if (!template || !main || !template.content || typeof Intl === 'undefined') return;
    var times = Array.prototype.slice.call(main.querySelectorAll('time[datetime]'));
    if (times.length === 0) return;

    var control = template.content.firstElementChild.cloneNode(true);
    var button = control.querySelector('button');
    var status = control.querySelector('[role="status"]');
    var anchor = main.querySelector('.incident-header') || main.querySelector('h1');
    if (anchor && anchor.parentNode) anchor.parentNode.insertBefore(control, anchor.nextSibling);
    else main.insertBefore(control, main.firstChild);

    var lang = document.documentElement.lang || undefined;
    var formatter = new Intl.DateTimeFormat(lang, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    /* Intl writes Japanese weekdays as "(木) "; the site's Japanese text uses full-width brackets with no space after them. */
    var fullWidth = /^ja\b/i.test(lang || '') && typeof formatter.formatToParts === 'function';
    function show(date) {
      if (!fullWidth) return formatter.format(date);
      return formatter
        .formatToParts(date)
        .map(function (part) {
          return part.type === 'literal' ? part.value.replace(/\(/g, '\uff08').replace(/\)\s*/g, '\uff09') : part.value;
        })
        .join('');
    }
    var zone = new Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    var originals = times.map(function (time) {
      return time.textContent;
    });

    function apply(on) {
      times.forEach(function (time, index) {
        var date = new Date(time.getAttribute('datetime'));
        if (on && !isNaN(date.getTime())) {
          time.textContent = show(date);
          time.title = originals[index];
        } else {
          time.textContent = originals[index];
          time.removeAttribute('title');
        }
      });
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.textContent = on ? button.getAttribute('data-hide') : button.getAttribute('data-show');
      status.textContent = on ? status.getAttribute('data-active') + zone : '';
    }

    var on = readChoice();
    if (on) apply(true);
    button.addEventListener('click', function () {
      on = !on;
      saveChoice(on);
      apply(on);
    });
  }

  function format(message, values) {
    return message.replace(/\{\{(\w+)\}\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  /* Pagefind excerpts are HTML with <mark>; keep only their text and the marks. */
  function appendExcerpt(target, html) {
    var holder = document.createElement('template');
    holder.innerHTML = html;
    Array.prototype.forEach.call(holder.content.childNodes, function (node) {
      if (node.nodeType === 3) target.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === 'MARK') {
        var mark = document.createElement('mark');
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else target.appendChild(document.createTextNode(node.textContent || ''));
    });
  }

  function setupSearch() {
    var root = document.querySelector('[data-search]');
    if (!root) return;
    var form = root.querySelector('[data-search-form]');
    var fallback = root.querySelector('[data-search-fallback]');
    var input = form.querySelector('input[name="q"]');
    var status = root.querySelector('[data-search-status]');
    var list = root.querySelector('[data-search-results]');
    var siteRoot = root.getAttribute('data-root');
    var plural = typeof Intl !== 'undefined' && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
    var loaded = null;
    var latest = 0;

    fallback.hidden = true;
    form.hidden = false;

    function load() {
      if (!loaded) {
        var url = new URL(root.getAttribute('data-bundle'), document.baseURI).href;
        loaded = import(url);
      }
      return loaded;
    }

    function showError() {
      list.textContent = '';
      status.textContent = root.getAttribute('data-error');
      fallback.hidden = false;
    }

    function run(query) {
      var ticket = ++latest;
      var total = 0;
      query = query.trim();
      if (!query) {
        list.textContent = '';
        status.textContent = '';
        return;
      }
      status.textContent = root.getAttribute('data-loading');
      load()
        .then(function (pagefind) {
          return pagefind.search(query);
        })
        .then(function (search) {
          total = search.results.length;
          return Promise.all(
            search.results.slice(0, 30).map(function (result) {
              return result.data();
            }),
          );
        })
        .then(function (results) {
          if (ticket !== latest) return;
          list.textContent = '';
          results.forEach(function (result) {
            var item = document.createElement('li');
            var heading = document.createElement('h2');
            var link = document.createElement('a');
            link.href = siteRoot + String(result.raw_url || result.url).replace(/^\/+/, '');
            link.textContent = (result.meta && result.meta.title) || result.url;
            heading.appendChild(link);
            item.appendChild(heading);
            var excerpt = document.createElement('p');
            appendExcerpt(excerpt, result.excerpt || '');
            item.appendChild(excerpt);
            list.appendChild(item);
          });
          var count = total;
          var key = plural && plural.select(count) === 'one' ? 'data-results-one' : 'data-results-other';
          status.textContent = count === 0 ? format(root.getAttribute('data-none'), { query: query }) : format(root.getAttribute(key), { count: count, query: query });
        })
        .catch(function () {
          if (ticket === latest) showError();
        });
    }

    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        run(input.value);
      }, 250);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearTimeout(timer);
      var params = new URLSearchParams(window.location.search);
      params.set('q', input.value);
      window.history.replaceState(null, '', '?' + params.toString());
      run(input.value);
    });
    var initial = new URLSearchParams(window.location.search).get('q');
    if (initial) {
      input.value = initial;
      run(initial);
    }
  }

  function start() {
    setupLocalTimes();
    setupSearch();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
