/* Busy states (issue #12 §6). A submitted form's buttons are disabled and the pressed one says "Working…"
   until the next page comes; a download link (data-download) says "Preparing the file…" until the file
   starts to arrive. A file, not an inline script: the Content-Security-Policy needs no exception.

   - The buttons are disabled after the submit event has run its course (a zero timeout): the browser has
     then taken the pressed button's name and value into the form data, and a handler that cancelled the
     submission (event.defaultPrevented) leaves the form untouched. The server's one-time token
     ({% submission_token %}) still refuses a second post; this only spares the user the wait and doubt.
   - Back to a page kept in the browser's cache (bfcache), or any later showing of it: every busy control
     is restored. A page with a validation error is a new page, so its buttons are fresh.
   - A download: the link gets a random token (?download=…); the server answers the file with a cookie
     "download-<token>" (akimat.middleware.DownloadStartedMiddleware), which this script waits for, then
     clears. After two minutes without it the link is restored anyway. An error page simply replaces the
     page. Every page works without this file. */
(function () {
  "use strict";

  var BUSY = "is-busy";
  var POLL_MS = 250;
  var GIVE_UP_MS = 120000;
  var GET_FORM_MS = 15000; // a GET form may answer with a file (no new page): its buttons come back
  var body = document.body;
  var workingLabel = body.getAttribute("data-busy-label") || "…";
  var downloadLabel = body.getAttribute("data-download-label") || workingLabel;

  function labelled(control) {
    // the large buttons and links say what is happening; small ones (the language switch) only dim and spin
    return control.classList.contains("button") || control.hasAttribute("data-download");
  }

  function markBusy(control, label) {
    if (control.classList.contains(BUSY)) return;
    control.classList.add(BUSY);
    control.setAttribute("aria-busy", "true");
    if (!labelled(control)) return;
    if (control.tagName === "INPUT") {
      control.setAttribute("data-idle-label", control.value);
      control.value = label;
    } else {
      control.setAttribute("data-idle-label", control.textContent);
      control.textContent = label;
    }
  }

  function restore(control) {
    control.classList.remove(BUSY);
    control.removeAttribute("aria-busy");
    if (control.hasAttribute("data-busy-disabled")) {
      control.disabled = false;
      control.removeAttribute("data-busy-disabled");
    }
    if (control.hasAttribute("data-idle-label")) {
      if (control.tagName === "INPUT") control.value = control.getAttribute("data-idle-label");
      else control.textContent = control.getAttribute("data-idle-label");
      control.removeAttribute("data-idle-label");
    }
  }

  function restoreAll() {
    document.querySelectorAll("." + BUSY + ", [data-busy-disabled]").forEach(restore);
  }

  function submitButtons(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return (
        (element.tagName === "BUTTON" && (element.type || "submit") === "submit") ||
        (element.tagName === "INPUT" && (element.type === "submit" || element.type === "image"))
      );
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("data-no-busy")) return;
    var submitter = event.submitter;
    window.setTimeout(function () {
      if (event.defaultPrevented) return;
      var buttons = submitButtons(form);
      markBusy(submitter || buttons[0] || form, workingLabel);
      buttons.forEach(function (button) {
        if (!button.disabled) {
          button.disabled = true;
          button.setAttribute("data-busy-disabled", "");
        }
      });
      if ((form.getAttribute("method") || "get").toLowerCase() === "get") {
        window.setTimeout(restoreAll, GET_FORM_MS);
      }
    }, 0);
  });

  function randomToken() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (byte) { return ("0" + byte.toString(16)).slice(-2); }).join("");
  }

  function hasCookie(name) {
    return document.cookie.split(/;\s*/).indexOf(name + "=1") !== -1;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-download]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; // a new tab or window
    event.preventDefault();
    if (link.classList.contains(BUSY)) return; // the file is on its way: one request per click
    var token = randomToken();
    var cookie = "download-" + token;
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("download", token);
    markBusy(link, downloadLabel);
    var started = Date.now();
    var timer = window.setInterval(function () {
      var arrived = hasCookie(cookie);
      if (arrived) document.cookie = cookie + "=; Max-Age=0; path=/; SameSite=Lax";
      if (arrived || Date.now() - started > GIVE_UP_MS) {
        window.clearInterval(timer);
        restore(link);
      }
    }, POLL_MS);
    window.location.assign(url.toString());
  });

  window.addEventListener("pageshow", restoreAll);
})();
