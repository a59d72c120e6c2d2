/* Moderation queues: keyboard work (j/k move, v verify, o open, r reason) and confirmations. No inline scripts.
 * The single keys act only while focus is inside a queue ([data-keyboard-list]), and a moderator can
 * turn them off or choose other keys in the "Keyboard shortcuts" panel (moderation/includes/keys.html);
 * the choice is kept in this browser's localStorage (WCAG 2.1.4). */
(function () {
  "use strict";

  var STORE = "flawsome.moderation.keys";
  var DEFAULTS = { enabled: true, next: "j", previous: "k", open: "o", verify: "v", reason: "r" };
  var ACTIONS = ["next", "previous", "open", "verify", "reason"];

  function settings() {
    var saved = {};
    try { saved = JSON.parse(window.localStorage.getItem(STORE) || "{}") || {}; } catch (error) { saved = {}; }
    var merged = {};
    Object.keys(DEFAULTS).forEach(function (name) { merged[name] = name in saved ? saved[name] : DEFAULTS[name]; });
    return merged;
  }

  function store(value) {
    try { window.localStorage.setItem(STORE, JSON.stringify(value)); } catch (error) { /* private mode: this page only */ }
  }

  function actionFor(key) {
    var current = settings();
    if (!current.enabled) return null;
    for (var i = 0; i < ACTIONS.length; i++) {
      if (current[ACTIONS[i]] && current[ACTIONS[i]].toLowerCase() === key.toLowerCase()) return ACTIONS[i];
    }
    return null;
  }

  function showSettings(panel) {
    var current = settings();
    var form = panel.querySelector("[data-mod-keys-form]");
    form.elements.enabled.checked = !!current.enabled;
    ACTIONS.forEach(function (name) { if (form.elements[name]) form.elements[name].value = current[name]; });
    var state = panel.querySelector("[data-mod-keys-state]");
    state.textContent = current.enabled ? state.getAttribute("data-on") : state.getAttribute("data-off");
  }

  function saveSettings(panel) {
    var form = panel.querySelector("[data-mod-keys-form]");
    var error = panel.querySelector("[data-mod-keys-error]");
    var next = settings();
    var seen = {};
    var valid = true;
    next.enabled = form.elements.enabled.checked;
    ACTIONS.forEach(function (name) {
      var input = form.elements[name];
      if (!input) return;
      var key = input.value.trim().toLowerCase();
      var ok = /^[a-z0-9]$/.test(key) && !seen[key];
      seen[key] = true;
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      if (ok) next[name] = key; else valid = false;
    });
    error.hidden = valid;
    error.textContent = valid ? "" : error.getAttribute("data-message");
    if (!valid) {
      var first = form.querySelector("[aria-invalid=true]");
      if (first) first.focus();
      return;
    }
    store(next);
    showSettings(panel);
    if (window.flawsomeAnnounce) window.flawsomeAnnounce(form.querySelector("[type=submit]").getAttribute("data-saved"));
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-keyboard-list] [data-item]"));
  }

  function current() {
    return document.querySelector("[data-item].is-current");
  }

  function select(item) {
    var previous = current();
    if (previous) previous.classList.remove("is-current");
    if (!item) return;
    item.classList.add("is-current");
    item.focus({ preventScroll: true });
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    item.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
  }

  function move(step) {
    var list = items();
    if (!list.length) return;
    var index = list.indexOf(current());
    var next = index === -1 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
    select(list[next]);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    // Only inside the queue: elsewhere on the page a letter is just a letter.
    if (!event.target.closest || !event.target.closest("[data-keyboard-list]")) return;
    var action = event.key.length === 1 ? actionFor(event.key) : null;
    if (!action) return;
    var here = event.target.closest("[data-item]");
    if (here && here !== current()) select(here);
    var item = current();
    switch (action) {
      case "next": move(1); break;
      case "previous": move(-1); break;
      case "open": {
        var link = item && item.querySelector("[data-open]");
        if (link) window.location.assign(link.href); else return;
        break;
      }
      case "verify": {
        var form = item && item.querySelector("form[data-verify]");
        if (form) form.requestSubmit(); else return;
        break;
      }
      case "reason": {
        var reason = item && item.querySelector("[data-reason]");
        if (reason) reason.focus(); else return;
        break;
      }
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var item = event.target.closest && event.target.closest("[data-keyboard-list] [data-item]");
    if (item && item !== current()) {
      var previous = current();
      if (previous) previous.classList.remove("is-current");
      item.classList.add("is-current");
    }
    var button = event.target.closest && event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });

  document.addEventListener("submit", function (event) {
    var panel = event.target.closest && event.target.closest("[data-mod-keys]");
    if (!panel) return;
    event.preventDefault();
    saveSettings(panel);
  });

  document.addEventListener("click", function (event) {
    var reset = event.target.closest && event.target.closest("[data-mod-keys-reset]");
    if (!reset) return;
    var panel = reset.closest("[data-mod-keys]");
    store(DEFAULTS);
    showSettings(panel);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-mod-keys]").forEach(function (panel) {
      panel.hidden = false;
      showSettings(panel);
    });
    // Mark the first item without moving focus or scrolling: j/k take over from there.
    var first = items()[0];
    if (first) first.classList.add("is-current");
  });
})();
