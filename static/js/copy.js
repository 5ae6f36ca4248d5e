// Copy buttons: <button data-copy-target="input-id" data-copy-status="status-id" hidden>.
// Buttons stay hidden without JavaScript; the input still holds selectable text.
(function () {
  "use strict";

  function say(statusId, text) {
    var status = statusId && document.getElementById(statusId);
    if (status) status.textContent = text;
  }

  function copy(button) {
    var input = document.getElementById(button.dataset.copyTarget);
    if (!input) return;
    var statusId = button.dataset.copyStatus;
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(
        function () { say(statusId, "Link copied to the clipboard."); },
        function () { say(statusId, "Could not copy: the link is selected, copy it with Ctrl+C or ⌘C."); }
      );
    } else {
      say(statusId, "The link is selected: copy it with Ctrl+C or ⌘C.");
    }
  }

  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
