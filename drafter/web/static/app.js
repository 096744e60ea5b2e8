// drafter serve: save a section when one of its fields changes, without leaving the page.
// Without JavaScript the "Lưu" button does the same with a page load.
"use strict";
(function () {
  let queue = Promise.resolve();
  function enqueue(action) {
    // One save at a time: each is built from the page the previous one left.
    queue = queue.then(function () { return save(action); });
  }
  async function save(action) {
    const form = document.querySelector("form.autosave");
    if (!form) { return; }
    const focused = document.activeElement;
    const focusId = focused && focused.id;
    const body = new FormData(form);
    if (action) { body.append("action", action); }
    let response;
    try {
      response = await fetch(form.getAttribute("action"), { method: "POST", body: body, credentials: "same-origin" });
    } catch (error) {
      form.submit();
      return;
    }
    const html = await response.text();
    const page = new DOMParser().parseFromString(html, "text/html");
    const fresh = page.getElementById("form-area");
    if (!fresh) {
      document.open(); document.write(html); document.close();
      return;
    }
    const typing = focusId && focused.value !== undefined ? focused.value : null;
    for (const id of ["form-area", "preview"]) {
      const old = document.getElementById(id);
      const replacement = page.getElementById(id);
      if (old && replacement) { old.replaceWith(replacement); }
    }
    const nav = page.querySelector("nav.sections");
    const oldNav = document.querySelector("nav.sections");
    if (nav && oldNav) { oldNav.replaceWith(nav); }
    if (focusId) {
      const again = document.getElementById(focusId);
      if (again) {
        if (typing !== null && again.value !== typing && again.type !== "checkbox") { again.value = typing; }
        again.focus();
      }
    }
    document.body.dataset.saved = String(Number(document.body.dataset.saved || 0) + 1);
  }
  document.addEventListener("change", function (event) {
    const form = event.target.closest("form.autosave");
    if (form) { enqueue(""); }
  });
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.classList.contains("autosave")) { return; }
    event.preventDefault();
    enqueue(event.submitter && event.submitter.name === "action" ? event.submitter.value : "");
  });
})();
