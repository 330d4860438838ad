// A form with data-confirm asks before it is sent (the pages allow no inline script).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form instanceof HTMLFormElement ? form.getAttribute("data-confirm") : null;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
