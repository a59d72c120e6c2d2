// Blog pages. The "did this help?" form works without JS; htmx swaps the answer in place.
// Here: one click per answer (no double submits while the request runs).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.classList || !form.classList.contains("feedback__form")) return;
  window.setTimeout(() => form.querySelectorAll("button").forEach((b) => { b.disabled = true; }), 0);
});
