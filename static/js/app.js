// Move focus to the error summary after a refused form, so screen-reader and
// keyboard users hear what went wrong (WCAG 3.3.1).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("formulierfouten");
  if (summary) {
    summary.focus();
  }
});
