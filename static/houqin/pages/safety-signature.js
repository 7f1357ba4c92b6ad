// The drawn signature of a safety responsibility letter: a finger or a mouse on a canvas, sent as a PNG
// data URL in the hidden "drawing" field (optional: the typed name is the signature of record).
(function () {
  var canvas = document.getElementById("signature-pad");
  var form = document.getElementById("sign-form");
  if (!canvas || !form) return;
  var field = form.querySelector("input[name=drawing]");
  var ctx = canvas.getContext("2d");
  var drawing = false, drawn = false;

  function fit() {
    var ratio = window.devicePixelRatio || 1;
    canvas.width = canvas.clientWidth * ratio;
    canvas.height = 160 * ratio;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.strokeStyle = "#111";
    drawn = false;
  }
  function point(event) {
    var rect = canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }
  canvas.addEventListener("pointerdown", function (event) {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    var p = point(event);
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) return;
    var p = point(event);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    drawn = true;
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
    canvas.addEventListener(name, function () { drawing = false; });
  });
  document.getElementById("signature-clear").addEventListener("click", function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    drawn = false;
  });
  form.addEventListener("submit", function () {
    field.value = drawn ? canvas.toDataURL("image/png") : "";
  });
  fit();
})();
