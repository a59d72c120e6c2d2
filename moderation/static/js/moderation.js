/* Moderation queues: keyboard work (j/k move, v verify, o open, r reason) and confirmations. No inline scripts. */
(function () {
  "use strict";

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
    item.scrollIntoView({ block: "nearest", behavior: "smooth" });
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
    if (!items().length) return;
    var item = current();
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o": {
        var link = item && item.querySelector("[data-open]");
        if (link) window.location.assign(link.href); else return;
        break;
      }
      case "v": {
        var form = item && item.querySelector("form[data-verify]");
        if (form) form.requestSubmit(); else return;
        break;
      }
      case "r": {
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

  document.addEventListener("DOMContentLoaded", function () {
    // Mark the first item without moving focus or scrolling: j/k take over from there.
    var first = items()[0];
    if (first) first.classList.add("is-current");
  });
})();
