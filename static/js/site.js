// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const select = event.target.closest("[data-autosubmit]");
  if (select && select.form) select.form.submit();
});

// The user menu is a <details>: it opens with Enter/Space already; close it on a click
// elsewhere and on Escape (giving focus back to its toggle).
const closeMenus = (except) => {
  document.querySelectorAll(".user-menu[open]").forEach((menu) => {
    if (menu !== except) menu.removeAttribute("open");
  });
};
document.addEventListener("click", (event) => closeMenus(event.target.closest(".user-menu")));
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const open = document.querySelector(".user-menu[open]");
  if (open) {
    open.removeAttribute("open");
    open.querySelector("summary").focus();
  }
});
document.addEventListener("focusin", (event) => closeMenus(event.target.closest(".user-menu")));

// The bell opens the latest notifications in place: the link to the full list (what it stays
// without JavaScript) becomes a disclosure button; its panel loads from /notifications/menu/ (htmx)
// the first time. Enter or Space opens it, Escape and a click or focus elsewhere close it; Escape
// gives focus back to the bell, and the loaded list never takes the keyboard away from where it is.
const bell = document.querySelector("[data-notif-toggle]");
const bellPanel = bell && document.getElementById(bell.getAttribute("aria-controls"));
if (bell && bellPanel) {
  bell.setAttribute("role", "button");
  bell.setAttribute("aria-expanded", "false");
  const setBellOpen = (open) => {
    // On a phone the panel spans the screen just under the bell's row (site.css).
    bellPanel.style.setProperty("--notif-top", `${Math.round(bell.getBoundingClientRect().bottom + 6)}px`);
    bellPanel.hidden = !open;
    bell.setAttribute("aria-expanded", String(open));
    if (open && window.htmx) window.htmx.trigger(bellPanel, "notif-open");
  };
  bell.addEventListener("click", (event) => {
    event.preventDefault();
    setBellOpen(bellPanel.hidden);
  });
  bell.addEventListener("keydown", (event) => {
    if (event.key !== " ") return;
    event.preventDefault();  // a link does not answer Space; a button does, and must not scroll
    setBellOpen(bellPanel.hidden);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || bellPanel.hidden) return;
    setBellOpen(false);
    bell.focus();
  });
  const outside = (event) => {
    if (!bellPanel.hidden && !event.target.closest(".notif-menu")) setBellOpen(false);
  };
  document.addEventListener("click", outside);
  document.addEventListener("focusin", outside);
  bellPanel.addEventListener("htmx:afterSwap", () => {
    if (!document.activeElement || document.activeElement === document.body) bell.focus();
  });
}

// Wrappers that scroll sideways (wide tables on a phone) must be reachable by keyboard
// (WCAG 2.1.1): each gets a tab stop and, where a heading names its section, a region name.
// Templates may set tabindex/aria-label themselves; those are left as they are.
const scrollRegions = (root) => {
  root.querySelectorAll(".table-wrap, .recovery-scroll, .mod-scroll, [data-scroll-region]").forEach((region) => {
    if (region.hasAttribute("tabindex")) return;
    region.tabIndex = 0;
    if (region.hasAttribute("aria-label") || region.hasAttribute("aria-labelledby")) return;
    const heading = region.querySelector("caption") || region.closest("section, .card")?.querySelector("h2, h3");
    if (heading) {
      region.setAttribute("role", "region");
      region.setAttribute("aria-label", heading.textContent.trim());
    }
  });
};
scrollRegions(document);
document.addEventListener("htmx:afterSettle", (event) => scrollRegions(event.target));

// After an htmx swap: announce the new state in the page's one live region (#site-status, which
// stays in place: a replaced live region is often not read), and keep the keyboard where it was.
// Controls that htmx replaces carry a stable id, so htmx itself puts focus back on the new one;
// when the control is gone (a form replaced by its thank-you), focus goes to the element the new
// content marks with data-focus-after-swap instead of falling back to the page.
const statusRegion = () => document.getElementById("site-status");
const announce = (text) => {
  const region = statusRegion();
  if (!region || !text) return;
  region.textContent = "";
  // A fresh text node a moment later, so the same message said twice is read twice.
  window.setTimeout(() => { region.textContent = text; }, 60);
};
window.flawsomeAnnounce = announce;

const newTabNote = (root) => {
  const note = document.body.dataset.newTabText;
  if (!note) return;
  root.querySelectorAll("a[target=_blank]:not([data-new-tab-noted])").forEach((link) => {
    link.dataset.newTabNoted = "";
    const hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = ` ${note}`;
    link.append(hint);
  });
};
newTabNote(document);

document.addEventListener("htmx:afterSettle", (event) => {
  const fresh = event.target;
  if (!(fresh instanceof Element)) return;
  newTabNote(fresh);
  const said = fresh.closest("[data-announce]") || fresh.querySelector("[data-announce]");
  if (said) announce(said.dataset.announce);
  const summary = fresh.closest("[data-announce-swap]");
  if (summary) {
    const count = summary.querySelectorAll("li").length;
    if (count) announce(summary.dataset.announceSwap.replace("{count}", count));
  }
  if (document.activeElement === document.body || !document.activeElement) {
    const next = fresh.matches("[data-focus-after-swap]") ? fresh : fresh.querySelector("[data-focus-after-swap]");
    if (next) next.focus();
  }
});

// Forms sent back with errors: focus goes to the summary at the top (screen readers read it
// out), and its links put focus in the field itself, scrolled so that its label shows.
const summary = document.querySelector("[data-error-summary]");
if (summary) summary.focus();
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-error-link]");
  if (!link) return;
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) return;
  event.preventDefault();
  (field.closest(".field") || field).scrollIntoView({ block: "start" });
  field.focus({ preventScroll: true });
});

// An htmx request the server could not serve (a 503 while the database is away, a 429 rate limit):
// htmx swaps nothing on an error, so say why in the live region instead of failing silently. The
// server sends one plain sentence for htmx requests (config/web/outage.py).
document.addEventListener("htmx:responseError", (event) => {
  const xhr = event.detail.xhr;
  const plain = (xhr.getResponseHeader("Content-Type") || "").startsWith("text/plain");
  announce(plain && xhr.responseText ? xhr.responseText : document.body.dataset.requestFailedText);
});

// Banners (forum/partials/banners.html) can be dismissed; the choice is kept in this browser for that
// banner's text, so a new or changed banner shows again. Focus moves to the main content, as the
// button it was on is gone. Without JavaScript (or storage) banners simply stay.
const DISMISSED_BANNERS = "flawsome:dismissed-banners";
const dismissedBanners = () => {
  try { return JSON.parse(localStorage.getItem(DISMISSED_BANNERS) || "[]"); } catch { return []; }
};
const hideDismissedBanners = (root) => {
  const dismissed = dismissedBanners();
  root.querySelectorAll("[data-banner]").forEach((banner) => {
    if (dismissed.includes(banner.dataset.banner)) banner.remove();
    else banner.querySelector("[data-dismiss-banner]")?.removeAttribute("hidden");
  });
};
hideDismissedBanners(document);
document.addEventListener("htmx:afterSettle", (event) => hideDismissedBanners(event.target));
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-dismiss-banner]");
  if (!button) return;
  const banner = button.closest("[data-banner]");
  try {
    const kept = dismissedBanners().filter((key) => key !== banner.dataset.banner).slice(-49);
    localStorage.setItem(DISMISSED_BANNERS, JSON.stringify([...kept, banner.dataset.banner]));
  } catch { /* storage full or off: dismissed for this page only */ }
  banner.remove();
  document.getElementById("main")?.focus();
});
