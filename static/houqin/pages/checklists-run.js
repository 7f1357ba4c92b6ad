// A "wrong" answer makes the note required, right there next to it.
document.querySelectorAll(".run-item").forEach(function (card) {
  var note = card.querySelector(".note-box input[type=text]");
  function update() {
    var bad = false;
    card.querySelectorAll("input[type=radio]:checked").forEach(function (r) { if (r.dataset.anomaly === "1") bad = true; });
    var num = card.querySelector("input[type=number]");
    if (num && num.value !== "") {
      var v = parseFloat(num.value);
      if ((num.dataset.min !== "" && v < parseFloat(num.dataset.min)) || (num.dataset.max !== "" && v > parseFloat(num.dataset.max))) bad = true;
    }
    card.classList.toggle("border-danger", bad);
    if (note) { note.required = bad; note.classList.toggle("border-danger", bad); }
  }
  card.addEventListener("change", update); card.addEventListener("input", update); update();
});
