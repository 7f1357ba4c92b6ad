/* Small behaviours every page may use, declared in the markup (no inline handlers: the
   Content-Security-Policy allows no inline script). */
document.addEventListener("click", function (event) {
  var field = event.target.closest("[data-select-on-click]");
  if (field) field.select();
});
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  // "Back to the previous page" on the error pages: the browser's history when there is one, else the link (home).
  var link = event.target.closest("[data-history-back]");
  if (link && window.history.length > 1 && document.referrer) {
    event.preventDefault();
    window.history.back();
  }
});
