/* skillmatch pages: a little progressive enhancement. Every page works without it. */
(function () {
  "use strict";

  /* Forms that take a while (a CV, a vacancy text): one submit only, and say we are busy. */
  function initBusyForms() {
    document.querySelectorAll("form[data-busy-form]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.busy === "1") {
          event.preventDefault();
          return;
        }
        form.dataset.busy = "1";
        form.setAttribute("aria-busy", "true");
        var button = form.querySelector("button[data-busy-label]");
        var status = form.querySelector("[data-busy-status]");
        if (button) {
          button.textContent = button.dataset.busyLabel;
          button.setAttribute("aria-disabled", "true");
          /* disabled after the submission is on its way, so its data is still sent */
          window.setTimeout(function () { button.disabled = true; }, 0);
        }
        if (status && button) {
          status.textContent = button.dataset.busyLabel;
        }
      });
    });
  }

  /* After a failed submit: move focus to the list of problems. */
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  /* A skill field that suggests taxonomy skills as you type (ARIA 1.2 combobox pattern). */
  function initAutocomplete(root) {
    var input = root.querySelector("input[name=zoekterm]");
    var hidden = root.querySelector("input[name=uri]");
    var list = root.querySelector(".autocomplete__list");
    var status = root.querySelector("[data-autocomplete-status]");
    var source = root.dataset.autocomplete;
    var options = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", root.querySelector("label").textContent);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var option = options[index];
      input.value = option.dataset.label;
      hidden.value = option.dataset.uri;
      lastQuery = input.value;
      close();
      status.textContent = option.dataset.label;
    }

    function show(items) {
      list.textContent = "";
      options = items.map(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.className = "autocomplete__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.uri = item.uri;
        li.dataset.label = item.label;
        var text = document.createElement("span");
        text.textContent = item.label;
        if (item.lang !== document.documentElement.lang) {
          text.lang = item.lang;
        }
        var tag = document.createElement("span");
        tag.className = "tag tag--type";
        tag.textContent = item.type;
        li.appendChild(text);
        li.appendChild(tag);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault(); /* keep focus in the field */
          choose(i);
        });
        list.appendChild(li);
        return li;
      });
      active = -1;
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = root.dataset.msgCount.replace("{n}", String(options.length));
      } else {
        close();
        status.textContent = root.dataset.msgNone;
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (query.length < 2) {
        show([]);
        status.textContent = "";
        return;
      }
      fetch(source + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (items) {
          if (input.value.trim() === query) {
            show(Array.isArray(items) ? items : []);
          }
        })
        .catch(function () {
          close();
        });
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 150);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) {
          lastQuery = "";
          fetchSuggestions();
        } else {
          highlight(active < options.length - 1 ? active + 1 : 0);
        }
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initBusyForms();
    document.querySelectorAll("[data-autocomplete]").forEach(initAutocomplete);
    focusErrorSummary();
  });
})();
