// The delivery form: add a line (a copy of the formset's empty form), show each line's amount and
// the total, and warn when the chosen supplier's licence has expired (the delivery will be refused).
(function () {
  var form = document.getElementById("delivery-form");
  if (!form) return;
  var lines = document.getElementById("delivery-lines");
  var total = form.querySelector("input[name=lines-TOTAL_FORMS]");
  var template = document.getElementById("line-template");

  function addLine() {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
    lines.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = lines.lastElementChild;
    added.querySelector("input[name$=-product]").focus();
    added.scrollIntoView({block: "start"});
  }

  function number(input) {
    var value = parseFloat(input && input.value);
    return isNaN(value) ? 0 : value;
  }

  function amounts() {
    var sum = 0;
    lines.querySelectorAll(".delivery-line").forEach(function (line) {
      var amount = number(line.querySelector("input[name$=-quantity]")) * number(line.querySelector("input[name$=-unit_price]"));
      line.querySelector(".line-amount").textContent = amount ? "¥" + amount.toFixed(2) : "";
      var rejected = line.querySelector("input[name$=-reject_reason]").value.trim() !== "" ||
        !line.querySelector("input[name$=-sensory_ok]").checked;
      if (!rejected) sum += amount;
    });
    document.getElementById("delivery-total").textContent = sum.toFixed(2);
  }

  var expired = (form.dataset.expired || "").split(",").filter(Boolean);
  var supplier = form.querySelector("select[name=supplier]");
  function supplierWarning() {
    document.getElementById("refusal-note").hidden = expired.indexOf(supplier.value) < 0;
  }

  document.getElementById("add-line").addEventListener("click", addLine);
  form.addEventListener("input", amounts);
  form.addEventListener("change", amounts);
  supplier.addEventListener("change", supplierWarning);
  supplierWarning();
  amounts();
})();
