/* django-import-export's export page: its "Select all" box wired here rather than by an onchange attribute,
   which the Content-Security-Policy does not run. onSelectToggleChange() is defined by import-export's
   export_selectable_fields.js, loaded before this file. */
(function () {
  "use strict";
  if (typeof onSelectToggleChange !== "function") return;
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    toggle.addEventListener("change", onSelectToggleChange);
  });
})();
