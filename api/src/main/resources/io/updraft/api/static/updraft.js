// The UI's only script: pages that show running work refresh themselves, and a running task's log
// follows as it grows, and its earlier lines load on demand. It never builds HTML from data: log
// lines are added as text.
"use strict";

(function () {
  function refreshEvery(seconds) {
    if (!(seconds > 0)) {
      return;
    }
    setTimeout(async function () {
      // Leave the page alone while someone is typing conf or has a form open.
      var busy = document.querySelector("details[open]") ||
        (document.activeElement && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName));
      if (busy) {
        refreshEvery(seconds);
        return;
      }
      try {
        var response = await fetch(location.href, { credentials: "same-origin", cache: "no-store" });
        if (response.redirected || !response.ok) {
          location.reload();
          return;
        }
        var doc = new DOMParser().parseFromString(await response.text(), "text/html");
        var fresh = doc.getElementById("main");
        if (fresh) {
          document.getElementById("main").replaceWith(fresh);
          reopenGroups();
        }
        refreshEvery(Number(doc.body.dataset.refresh || 0));
      } catch (e) {
        refreshEvery(seconds * 2);
      }
    }, seconds * 1000);
  }

  function followLog(log) {
    if (!log || log.dataset.follow !== "true") {
      return;
    }
    var offset = Number(log.dataset.offset || 0);
    async function poll() {
      try {
        var response = await fetch(log.dataset.src + "?offset=" + offset, {
          credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" }
        });
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        var slice = await response.json();
        if (slice.lines.length > 0) {
          var atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
          log.appendChild(document.createTextNode(slice.lines.join("\n") + "\n"));
          if (atBottom) {
            log.scrollTop = log.scrollHeight;
          }
        }
        offset = slice.next_offset;
        if (slice.has_more) {
          // A page of a long log: fetch the next one at once.
          setTimeout(poll, 0);
        } else if (slice.more_expected) {
          setTimeout(poll, 1500);
        } else {
          // The try ended: reload once to show its final state, tries and XCom.
          setTimeout(function () { location.reload(); }, 500);
        }
      } catch (e) {
        setTimeout(poll, 5000);
      }
    }
    setTimeout(poll, 1500);
  }

  // The page holds the log's tail; each click puts the page of lines before it on top.
  function loadEarlier(log, button) {
    if (!log || !button) {
      return;
    }
    var pageLines = 1000;
    button.addEventListener("click", async function () {
      var start = Number(log.dataset.start || 0);
      var from = Math.max(0, start - pageLines);
      button.disabled = true;
      try {
        var response = await fetch(log.dataset.src + "?offset=" + from + "&limit=" + (start - from), {
          credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" }
        });
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        var slice = await response.json();
        if (slice.lines.length > 0) {
          log.insertBefore(document.createTextNode(slice.lines.join("\n") + "\n"), log.firstChild);
        }
        log.dataset.start = String(from);
        if (from === 0) {
          button.parentNode.textContent = "Showing the whole log of this try.";
          return;
        }
      } catch (e) {
        // Left enabled: another click tries again.
      }
      button.disabled = false;
    });
  }

  // The grid's task groups start folded; the ones opened stay open when the page refreshes itself.
  var openGroups = new Set();

  function rowsUnder(group) {
    return Array.prototype.filter.call(document.querySelectorAll("table.grid tr[data-parent]"),
      function (row) {
        var parent = row.dataset.parent;
        return parent === group || parent.indexOf(group + ".") === 0;
      });
  }

  function showGroup(button, open) {
    var group = button.dataset.group;
    button.setAttribute("aria-expanded", String(open));
    if (open) {
      openGroups.add(group);
      rowsUnder(group).forEach(function (row) {
        // A row inside an inner group shows only when that group is open too.
        row.hidden = !(row.dataset.parent === group || openGroups.has(row.dataset.parent));
      });
    } else {
      // Folding a group folds the groups inside it too.
      Array.from(openGroups).forEach(function (g) {
        if (g === group || g.indexOf(group + ".") === 0) {
          openGroups.delete(g);
        }
      });
      rowsUnder(group).forEach(function (row) {
        row.hidden = true;
        var inner = row.querySelector("button.group-toggle");
        if (inner) {
          inner.setAttribute("aria-expanded", "false");
        }
      });
    }
  }

  function reopenGroups() {
    document.querySelectorAll("button.group-toggle").forEach(function (button) {
      if (openGroups.has(button.dataset.group)) {
        showGroup(button, true);
      }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.group-toggle");
    if (button) {
      showGroup(button, button.getAttribute("aria-expanded") !== "true");
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    refreshEvery(Number(document.body.dataset.refresh || 0));
    followLog(document.getElementById("log"));
    loadEarlier(document.getElementById("log"), document.getElementById("log-earlier"));
  });
})();
