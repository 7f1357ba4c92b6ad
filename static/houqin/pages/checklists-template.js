// The template editor: show only the fields the chosen rule uses, say the rule with its number
// (每月第 5 日) as it is typed, and show a question's unit/min/max or choices only for its kind.
// A field with an error is always shown.
(function () {
  var select = document.querySelector("select[name=recurrence]");
  function value(name) {
    var input = document.querySelector("input[name=" + name + "]");
    return input && input.value.trim() ? input.value.trim() : "N";
  }
  function relabel() {
    var numbers = {monthly_day: [value("day_of_month"), ""], every_n_weeks: [value("interval"), ""],
                   yearly: [value("day_of_month"), value("month")]};
    Array.prototype.forEach.call(select.options, function (option) {
      var text = select.getAttribute("data-label-" + option.value);
      if (text && numbers[option.value]) {
        option.textContent = text.replace("{n}", numbers[option.value][0]).replace("{m}", numbers[option.value][1]);
      }
    });
  }
  function update() {
    document.querySelectorAll(".rule-field").forEach(function (el) {
      var used = el.dataset.for.split(" ").indexOf(select.value) >= 0;
      el.hidden = !used && !el.querySelector(".is-invalid");
    });
  }
  if (select) {
    select.addEventListener("change", update);
    ["day_of_month", "interval", "month"].forEach(function (name) {
      var input = document.querySelector("input[name=" + name + "]");
      if (input) { input.addEventListener("input", relabel); }
    });
    update(); relabel();
  }
  function updateItem(card) {
    var kind = card.querySelector("select.item-kind");
    if (!kind) { return; }
    card.querySelectorAll(".kind-field").forEach(function (el) {
      var used = el.dataset.for.split(" ").indexOf(kind.value) >= 0;
      el.hidden = !used && !el.querySelector(".is-invalid");
    });
  }
  document.querySelectorAll(".template-item").forEach(function (card) {
    var kind = card.querySelector("select.item-kind");
    if (kind) { kind.addEventListener("change", function () { updateItem(card); }); }
    updateItem(card);
  });
})();
// "Add a question": a copy of the formset's empty form, numbered after the others.
(function () {
  var button = document.getElementById("add-item");
  var template = document.getElementById("item-template");
  var total = document.querySelector("input[name=items-TOTAL_FORMS]");
  if (!button || !template || !total) { return; }
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var card = holder.firstElementChild;
    document.getElementById("items").appendChild(card);
    total.value = String(index + 1);
    var kind = card.querySelector("select.item-kind");
    var update = function () {
      card.querySelectorAll(".kind-field").forEach(function (el) {
        el.hidden = el.dataset.for.split(" ").indexOf(kind.value) < 0;
      });
    };
    if (kind) { kind.addEventListener("change", update); update(); }
    var label = card.querySelector("input[name$=-label]");
    if (label) { label.focus(); }
  });
})();
