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

// Wrappers that scroll sideways (wide tables on a phone) must be reachable by keyboard
// (WCAG 2.1.1): each gets a tab stop and, where a heading names its section, a region name.
// Templates may set tabindex/aria-label themselves; those are left as they are.
const scrollRegions = (root) => {
  root.querySelectorAll(".table-wrap, .recovery-scroll, [data-scroll-region]").forEach((region) => {
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
