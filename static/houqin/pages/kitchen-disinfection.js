/* Show only the parameters that prove the chosen method (all stay visible without JavaScript). */
(function () {
  var form = document.getElementById("disinfection-form");
  if (!form) return;
  var needs = JSON.parse(form.dataset.needs);
  function update() {
    var checked = document.querySelector("input[name=method]:checked");
    var wanted = checked ? needs[checked.value] : null;
    document.querySelectorAll("[data-param]").forEach(function (el) {
      var show = !wanted || wanted.indexOf(el.dataset.param) >= 0 || el.querySelector(".is-invalid");
      el.classList.toggle("d-none", !show);
    });
  }
  document.querySelectorAll("input[name=method]").forEach(function (el) { el.addEventListener("change", update); });
  update();
})();
