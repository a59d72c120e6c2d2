// Forum enhancements: image upload into the Markdown editor, confirm before delete, one submit.
// Everything here is optional: forms post normally without JavaScript.
(function () {
  function csrfToken(form) {
    const input = (form || document).querySelector("input[name=csrfmiddlewaretoken]") ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function insertAtCursor(textarea, text) {
    const start = textarea.selectionStart ?? textarea.value.length;
    const end = textarea.selectionEnd ?? textarea.value.length;
    const before = textarea.value.slice(0, start);
    const after = textarea.value.slice(end);
    const pad = before && !before.endsWith("\n") ? "\n" : "";
    textarea.value = before + pad + text + "\n" + after;
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  document.addEventListener("change", async (event) => {
    const input = event.target.closest("[data-upload-input]");
    if (!input || !input.files.length) return;
    const editor = input.closest("[data-editor]");
    const label = input.closest("[data-upload-url]");
    const status = editor.querySelector("[data-upload-status]");
    const textarea = editor.querySelector("textarea");
    const body = new FormData();
    body.append("image", input.files[0]);
    status.textContent = status.dataset.busy || "…";
    status.classList.remove("is-error");
    try {
      const response = await fetch(label.dataset.uploadUrl, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrfToken(input.form), "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (!response.ok) {
        status.textContent = data.error;
        status.classList.add("is-error");
      } else {
        insertAtCursor(textarea, data.markdown);
        status.textContent = data.message;
      }
    } catch (error) {
      status.textContent = "⚠";
      status.classList.add("is-error");
    }
    input.value = "";
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    const question = form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    const once = form.querySelector("[data-once]");
    if (once) {
      // The hidden submission token already makes a double click harmless; this just looks calmer.
      setTimeout(() => { once.disabled = true; }, 0);
    }
  });

  // A link to #answer-N made before threads had pages (an old notification, a feed, a search result)
  // opens the first page; if the answer is on another page, ask the server for the page that holds it.
  const wanted = /^#answer-(\d+)$/.exec(window.location.hash);
  const params = new URLSearchParams(window.location.search);
  if (wanted && !document.getElementById(`answer-${wanted[1]}`) && !params.has("answer") && !params.has("page")) {
    params.set("answer", wanted[1]);
    window.location.replace(`${window.location.pathname}?${params}${window.location.hash}`);
  }
})();
