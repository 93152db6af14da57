// Buttons marked data-print print the page. Kept out of the page itself, so the
// Content-Security-Policy need not allow inline handlers.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
