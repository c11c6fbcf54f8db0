/* Acts (issue #13 §6): the draft form's hints and the route editor's ↑↓ — the pages work without it. */
(function () {
  "use strict";
  // §10.5–§10.10: a checked box marks its file field as demanded
  document.querySelectorAll("input[data-requires-file]").forEach(function (box) {
    var file = document.getElementById(box.getAttribute("data-requires-file"));
    if (!file) { return; }
    var hint = file.parentNode.querySelector("[data-flag-hint]");
    function sync() {
      if (hint) { hint.hidden = !box.checked; }
      file.toggleAttribute("aria-required", box.checked);
    }
    box.addEventListener("change", sync);
    sync();
  });
  // the basis: only the field of the chosen basis is shown
  var basis = document.getElementById("id_basis");
  if (basis) {
    var fields = { instruction: ".basis-instruction", incoming: ".basis-incoming", protocol: ".basis-protocol" };
    var showBasis = function () {
      Object.keys(fields).forEach(function (key) {
        document.querySelectorAll(fields[key]).forEach(function (el) { el.hidden = basis.value !== key; });
      });
    };
    basis.addEventListener("change", showBasis);
    showBasis();
  }
  // the route editor: ↑↓ move a row and renumber the places
  var editor = document.querySelector("[data-route-editor]");
  if (!editor) { return; }
  var body = editor.querySelector("[data-route-rows]");
  function renumber() {
    body.querySelectorAll("[data-route-row]").forEach(function (row, index) {
      var input = row.querySelector(".route-order input[type=number], .route-order input[name^=order_]");
      if (input) { input.value = index + 1; }
    });
  }
  body.querySelectorAll("[data-route-row]").forEach(function (row) {
    var cell = row.querySelector(".route-move");
    [["up", "↑"], ["down", "↓"]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-secondary";
      button.textContent = pair[1];
      button.setAttribute("aria-label", editor.getAttribute("data-" + pair[0]));
      button.addEventListener("click", function () {
        if (pair[0] === "up" && row.previousElementSibling) { body.insertBefore(row, row.previousElementSibling); }
        if (pair[0] === "down" && row.nextElementSibling) { body.insertBefore(row.nextElementSibling, row); }
        renumber();
        button.focus();
      });
      cell.appendChild(button);
    });
  });
  renumber();
}());
