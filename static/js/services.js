// Service desk pages: print button, select-all on the desk, one submission per form.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      box.closest("form").querySelectorAll("input[name=refs]").forEach(function (item) { item.checked = box.checked; });
    });
  });
  // A double click sends the form once; the server's form token guards the rest.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("[data-submit-once]");
      if (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  });
})();
