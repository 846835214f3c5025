// The apply form in large steps: one step on screen at a time, Next and Back between them, Submit on the
// last. Without this script every step shows on one page. After a refused submission the form opens on
// the first step with an error.
(function () {
  "use strict";
  var steps = Array.prototype.slice.call(document.querySelectorAll(".apply-form [data-step]"));
  if (steps.length < 2) return;
  var submit = document.querySelector(".apply-form [type=submit]");
  var current = 0;

  function show(index, focus) {
    current = index;
    steps.forEach(function (step, i) { step.hidden = i !== index; });
    submit.hidden = index !== steps.length - 1;
    if (focus) {
      steps[index].querySelector("h2").focus();
      window.scrollTo(0, steps[index].getBoundingClientRect().top + window.scrollY - 16);
    }
  }

  steps.forEach(function (step) {
    step.querySelector(".step-nav").hidden = false;
    var next = step.querySelector("[data-step-next]");
    var back = step.querySelector("[data-step-back]");
    if (next) next.addEventListener("click", function () { show(current + 1, true); });
    if (back) back.addEventListener("click", function () { show(current - 1, true); });
  });
  var withError = steps.findIndex(function (step) { return step.querySelector(".is-invalid, .invalid-feedback"); });
  show(withError > 0 ? withError : 0, withError > 0);
})();
