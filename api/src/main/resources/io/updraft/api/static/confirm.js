// Forms that change state by hand (mark a task, clear it) carry data-confirm: the browser asks
// before posting, so a misclick costs nothing. The question is shown as text, never as HTML.
"use strict";

document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.dataset ? form.dataset.confirm : null;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
