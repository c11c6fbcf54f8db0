/* The resolution form (issue #12 §1): the executors picker, the phrases, the term buttons and the short-term
   warning. Every part works without this file: the executors are then numbered selects submitted in order,
   a phrase is put into the text by the server, the term is typed as dd.mm.yyyy, and a short term is said
   after issuing. No date is computed here: the term buttons carry the dates the server counted with the
   working-day calendar (akimat.workdays), and a typed date is only compared with one the server wrote. */
(function () {
  "use strict";

  // Kazakh letters typed as the Russian ones a Russian keyboard has (Түркістан ↔ Туркестан)
  var FOLD = { "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и", "ё": "е" };

  function fold(text) {
    return text.toLowerCase().replace(/[әғқңөұүһіё]/g, function (ch) { return FOLD[ch]; });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // --- the executors: search, choose, reorder; the lead among the chosen ------------------------------
  function setupPicker(root) {
    var slotsList = root.querySelector("[data-picker-slots]");
    var slots = slotsList ? slotsList.querySelectorAll("select") : [];
    if (!slots.length) return;
    var name = root.getAttribute("data-name");
    var texts = function (key) { return root.getAttribute("data-" + key) || ""; };
    var catalogue = [];
    var byValue = {};
    Array.prototype.forEach.call(slots[0].children, function (node) {
      var group = node.tagName === "OPTGROUP" ? node.label : "";
      var options = node.tagName === "OPTGROUP" ? node.querySelectorAll("option") : [node];
      Array.prototype.forEach.call(options, function (option) {
        if (!option.value) return;
        var item = { value: option.value, label: option.textContent, group: group, key: fold(option.textContent) };
        catalogue.push(item);
        byValue[item.value] = item;
      });
    });
    var chosen = [];
    Array.prototype.forEach.call(slots, function (select) {
      if (select.value && byValue[select.value] && chosen.indexOf(select.value) < 0) chosen.push(select.value);
    });
    var lead = root.getAttribute("data-lead") ? document.getElementById(root.getAttribute("data-lead")) : null;

    var fieldId = slots[0].id;
    var search = el("input", "picker-search");
    search.type = "search";
    search.autocomplete = "off";
    search.id = fieldId; // the field's <label for> now names the search box
    search.setAttribute("placeholder", texts("search-label"));
    search.setAttribute("aria-describedby", fieldId + "_chosen");
    var results = el("ul", "picker-results");
    results.id = fieldId + "_results";
    results.hidden = true;
    search.setAttribute("aria-controls", results.id);
    var chosenHeading = el("p", "picker-chosen-heading small muted", texts("chosen-label"));
    chosenHeading.id = fieldId + "_chosen";
    var chosenList = el("ol", "picker-chosen");
    chosenList.setAttribute("aria-labelledby", chosenHeading.id);
    chosenList.setAttribute("data-testid", "picker-chosen");
    var status = el("p", "visually-hidden");
    status.setAttribute("role", "status");
    var inputs = el("div");
    slotsList.parentNode.removeChild(slotsList); // the slots no longer submit: the hidden inputs do
    root.appendChild(search);
    root.appendChild(results);
    root.appendChild(chosenHeading);
    root.appendChild(chosenList);
    root.appendChild(status);
    root.appendChild(inputs);

    function leadValue() {
      return lead && lead.value && chosen.indexOf(lead.value) >= 0 ? lead.value : chosen[0];
    }

    function syncLead() {
      if (!lead) return;
      var keep = lead.value;
      var blank = lead.querySelector("option[value='']");
      var blankText = blank ? blank.textContent : "—";
      lead.innerHTML = "";
      var none = el("option", "", blankText);
      none.value = "";
      lead.appendChild(none);
      chosen.forEach(function (value) {
        var option = el("option", "", byValue[value].label);
        option.value = value;
        lead.appendChild(option);
      });
      lead.value = chosen.indexOf(keep) >= 0 ? keep : "";
    }

    function renderChosen(focus) {
      inputs.innerHTML = "";
      chosenList.innerHTML = "";
      if (!chosen.length) chosenList.appendChild(el("li", "picker-none muted", texts("none")));
      var leading = leadValue();
      chosen.forEach(function (value, index) {
        var item = byValue[value];
        var row = el("li", "picker-row");
        row.setAttribute("data-value", value);
        row.appendChild(el("span", "picker-label", item.label));
        var actions = el("span", "picker-actions");
        if (value === leading) actions.appendChild(el("span", "badge badge-accent picker-lead", texts("lead-mark")));
        [["up", "↑", index > 0], ["down", "↓", index < chosen.length - 1], ["remove", "×", true]].forEach(function (b) {
          var button = el("button", "button button-secondary picker-" + b[0], b[1]);
          button.type = "button";
          button.setAttribute("aria-label", texts(b[0]) + ": " + item.label);
          button.setAttribute("title", texts(b[0]));
          button.setAttribute("data-action", b[0]);
          button.disabled = !b[2];
          actions.appendChild(button);
        });
        row.appendChild(actions);
        chosenList.appendChild(row);
        var hidden = el("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = value;
        inputs.appendChild(hidden);
      });
      if (focus) {
        var target = chosenList.querySelector("[data-value='" + focus[0] + "'] [data-action='" + focus[1] + "']");
        if (target && !target.disabled) target.focus();
        else search.focus();
      }
    }

    function renderResults() {
      var query = fold(search.value.trim());
      results.innerHTML = "";
      if (!query) { results.hidden = true; return; }
      var matches = catalogue.filter(function (item) {
        return chosen.indexOf(item.value) < 0 && item.key.indexOf(query) >= 0;
      });
      var group = null;
      matches.slice(0, 40).forEach(function (item) {
        if (item.group !== group) {
          group = item.group;
          if (group) results.appendChild(el("li", "picker-group small muted", group));
        }
        var li = el("li");
        var button = el("button", "picker-option", item.label);
        button.type = "button";
        button.setAttribute("data-value", item.value);
        li.appendChild(button);
        results.appendChild(li);
      });
      if (!matches.length) results.appendChild(el("li", "picker-none muted", texts("no-match")));
      results.hidden = false;
    }

    function choose(value) {
      if (!byValue[value] || chosen.indexOf(value) >= 0) return;
      chosen.push(value);
      search.value = "";
      renderResults();
      syncLead();
      renderChosen();
      status.textContent = byValue[value].label + " — " + chosen.length;
      search.focus();
    }

    search.addEventListener("input", renderResults);
    search.addEventListener("keydown", function (event) {
      var first = results.querySelector(".picker-option");
      if (event.key === "Enter") {
        event.preventDefault(); // Enter picks the first match; it never submits the form from here
        if (first) choose(first.getAttribute("data-value"));
      } else if (event.key === "ArrowDown" && first) {
        event.preventDefault();
        first.focus();
      } else if (event.key === "Escape") {
        search.value = "";
        renderResults();
      }
    });
    results.addEventListener("click", function (event) {
      var button = event.target.closest(".picker-option");
      if (button) choose(button.getAttribute("data-value"));
    });
    results.addEventListener("keydown", function (event) {
      var options = Array.prototype.slice.call(results.querySelectorAll(".picker-option"));
      var at = options.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < options.length - 1) { event.preventDefault(); options[at + 1].focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? options[at - 1] : search).focus(); }
      else if (event.key === "Escape") { search.focus(); }
    });
    chosenList.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button) return;
      var value = button.closest("[data-value]").getAttribute("data-value");
      var at = chosen.indexOf(value);
      var action = button.getAttribute("data-action");
      if (action === "remove") {
        chosen.splice(at, 1);
        syncLead();
        renderChosen();
        search.focus();
        return;
      }
      var to = action === "up" ? at - 1 : at + 1;
      chosen.splice(at, 1);
      chosen.splice(to, 0, value);
      syncLead();
      renderChosen([value, action]);
      status.textContent = byValue[value].label + " — " + (to + 1);
    });
    if (lead) lead.addEventListener("change", function () { renderChosen(); });
    syncLead();
    renderChosen();
  }

  // --- phrases, terms and "for information" --------------------------------------------------------
  function setupForm(form) {
    var field = function (suffix) { return form.querySelector("[name$='-" + suffix + "']"); };
    var phrase = field("phrase");
    var text = field("text");
    var deadline = form.querySelector("[data-term-field]");
    var urgency = field("urgency");
    var info = field("for_information");
    var warning = form.querySelector("[data-term-warning]");
    var buttons = form.querySelector("[data-term-buttons]");

    function parse(value) {
      var m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value.trim());
      if (m) return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
      return /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? value.trim() : "";
    }

    function checkTerm() {
      if (!deadline || !warning) return;
      var iso = parse(deadline.value);
      // ISO dates compare as text; the threshold is the server's (control.deadlines.earliest_unhurried_deadline)
      warning.hidden = !(iso && iso < deadline.getAttribute("data-unhurried"));
      if (iso && info && info.checked) info.checked = false;
    }

    function forInformation() {
      if (deadline) deadline.value = "";
      if (urgency) urgency.value = "";
      if (warning) warning.hidden = true;
    }

    if (phrase && text) {
      phrase.addEventListener("change", function () {
        var option = phrase.options[phrase.selectedIndex];
        var wording = option && option.getAttribute("data-text");
        if (!wording) return;
        var current = text.value.trim();
        if (current.toLowerCase().indexOf(wording.toLowerCase()) < 0) {
          text.value = current ? current + "\n" + wording : wording;
        }
        if (option.hasAttribute("data-info") && info) {
          info.checked = true;
          forInformation();
        }
      });
    }
    if (info) info.addEventListener("change", function () { if (info.checked) forInformation(); });
    if (deadline) {
      deadline.addEventListener("input", checkTerm);
      deadline.addEventListener("change", checkTerm);
    }
    if (buttons && deadline) {
      buttons.hidden = false;
      buttons.addEventListener("click", function (event) {
        var button = event.target.closest("[data-term]");
        if (!button) return;
        deadline.value = button.getAttribute("data-term");
        checkTerm();
        deadline.focus();
      });
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), setupPicker);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-testid$='resolution']"), setupForm);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
