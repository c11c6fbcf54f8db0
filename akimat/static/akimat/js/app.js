/* Akimat apparatus — small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Phone menu: the button shows and hides the navigation row (see app.css, ≤ 640px).
  function setupMenu() {
    var button = document.querySelector("[data-menu-toggle]");
    if (!button) return;
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }

    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  // Dropdowns built on <details>: close on a click outside and on Escape.
  function setupDropdowns() {
    var dropdowns = document.querySelectorAll("details[data-dropdown]");
    if (!dropdowns.length) return;

    document.addEventListener("click", function (event) {
      dropdowns.forEach(function (dropdown) {
        if (dropdown.open && !dropdown.contains(event.target)) dropdown.open = false;
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      dropdowns.forEach(function (dropdown) {
        if (dropdown.open) {
          dropdown.open = false;
          var summary = dropdown.querySelector("summary");
          if (summary) summary.focus();
        }
      });
    });
  }

  setupMenu();
  setupDropdowns();
})();
