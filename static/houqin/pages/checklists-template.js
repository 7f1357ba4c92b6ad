// Show only the fields the chosen rule uses (all stay in the form; a field with an error is always shown).
(function () {
  var select = document.querySelector("select[name=recurrence]");
  function update() {
    document.querySelectorAll(".rule-field").forEach(function (el) {
      var used = el.dataset.for.split(" ").indexOf(select.value) >= 0;
      el.hidden = !used && !el.querySelector(".is-invalid");
    });
  }
  select.addEventListener("change", update); update();
})();
