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
