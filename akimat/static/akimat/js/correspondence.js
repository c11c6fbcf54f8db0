/* Correspondence — the registrar's form made fast from the keyboard. Every page works without this file:
   the correspondent is then matched by the name typed in full, and every field stays visible. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;

  // Correspondent search box: a combobox (ARIA 1.2) with a listbox of up to 20 matches from the directory.
  // ↑/↓ move, Enter or Tab picks, Escape closes. The pick fills the hidden id; typing again clears it.
  function setupCombobox(box) {
    var input = box.querySelector("[data-correspondent-search]");
    var form = box.closest("form");
    var hidden = form && form.querySelector("[data-correspondent-id]");
    var picked = box.querySelector("[data-correspondent-kind]");
    if (!input || !hidden) return;
    var url = box.getAttribute("data-search-url");
    var list = document.createElement("ul");
    list.id = input.id + "-listbox";
    list.className = "corr-listbox";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.appendChild(list);
    input.setAttribute("aria-controls", list.id);
    var results = [];
    var active = -1;
    var timer = null;
    var request = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      active = index;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    }

    function pick(index) {
      var chosen = results[index];
      if (!chosen) return;
      input.value = chosen.name;
      hidden.value = String(chosen.id);
      if (picked) picked.textContent = chosen.kind_label + (chosen.bin ? " · " + chosen.bin : "");
      close();
      showNewCorrespondent(form, false);
    }

    function render(query) {
      list.textContent = "";
      results.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.textContent = item.name;
        var meta = document.createElement("span");
        meta.className = "corr-option-meta";
        meta.textContent = item.kind_label + (item.bin ? " · " + item.bin : "");
        option.appendChild(name);
        option.appendChild(meta);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the input
          pick(i);
        });
        list.appendChild(option);
      });
      if (!results.length) {
        var empty = document.createElement("li");
        empty.className = "corr-option-empty";
        empty.textContent = box.getAttribute("data-empty-text") || "—";
        list.appendChild(empty);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(results.length ? 0 : -1);
      // nothing in the directory: offer to add it in the same form
      showNewCorrespondent(form, !results.length && query.length >= 2);
    }

    function search() {
      var query = input.value.trim();
      if (query.length < 2) {
        results = [];
        close();
        return;
      }
      var mine = ++request;
      fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (mine !== request) return; // an older answer arriving late
          results = data.results || [];
          render(query);
        })
        .catch(function () {
          close(); // offline or server error: the name typed in full still works
        });
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      if (picked) picked.textContent = "";
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && results.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) search();
        else highlight(Math.min(active + 1, results.length - 1));
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // Enter picks instead of submitting the form
        pick(active);
      } else if (event.key === "Tab" && open && active >= 0) {
        pick(active); // and the focus moves on as usual
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 100);
    });
  }

  function showNewCorrespondent(form, show) {
    if (!form) return;
    var checkbox = form.querySelector("input[name=new_correspondent]");
    var keep = checkbox && checkbox.checked;
    form.querySelectorAll("[data-new-correspondent]").forEach(function (row) {
      row.hidden = !(show || keep || row.classList.contains("has-error"));
    });
  }

  // Fields shown only when another field says so: data-show-when="addressee=deputy_akim,head_of_apparatus"
  // or data-show-when="signatory_is_acting" (a checkbox). Fewer tab stops for the usual letter.
  function setupConditional(form) {
    var rows = form.querySelectorAll("[data-show-when]");
    if (!rows.length) return;
    function update() {
      rows.forEach(function (row) {
        var rule = row.getAttribute("data-show-when").split("=");
        var control = form.elements[rule[0]];
        if (!control) return;
        var show;
        if (control.type === "checkbox") show = control.checked;
        else show = (rule[1] || "").split(",").indexOf(control.value) !== -1;
        row.hidden = !(show || row.classList.contains("has-error"));
      });
    }
    form.addEventListener("change", update);
    update();
  }

  function setupForm(form) {
    setupConditional(form);
    var hidden = form.querySelector("[data-correspondent-id]");
    showNewCorrespondent(form, false);
    if (hidden && !hidden.value) {
      var box = form.querySelector("[data-correspondent-search]");
      // a name typed without picking (e.g. after an error): keep the new-correspondent fields at hand
      if (box && box.value.trim()) showNewCorrespondent(form, form.querySelector("[data-new-correspondent].has-error") !== null);
    }
    // Ctrl+Enter (⌘+Enter) submits from anywhere, the summary included
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      }
    });
    // one letter, one registration: a second press while the first is on its way does nothing
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("aria-busy") === "true") {
        event.preventDefault();
        return;
      }
      form.setAttribute("aria-busy", "true");
    });
    // after an error the summary takes the focus, so a screen reader reads what to correct
    var summary = form.querySelector("[data-error-summary]");
    if (summary) {
      var first = form.querySelector(".has-error input:not([type=hidden]), .has-error select, .has-error textarea");
      (first || summary).focus();
    }
  }

  document.querySelectorAll(".corr-combobox").forEach(setupCombobox);
  document.querySelectorAll("form[data-corr-form]").forEach(setupForm);
})();
