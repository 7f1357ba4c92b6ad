// The count page's camera scanner: the browser's own BarcodeDetector (Chrome on Android and others);
// where it is missing the button stays hidden and labels are typed or opened with the phone's camera.
(function () {
  const button = document.getElementById("camera-button");
  const video = document.getElementById("camera");
  const form = document.getElementById("scan-form");
  if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.classList.remove("d-none");
  button.addEventListener("click", async function () {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
    } catch (error) {
      button.disabled = true;
      return;
    }
    const detector = new window.BarcodeDetector({formats: ["qr_code"]});
    video.srcObject = stream;
    video.classList.remove("d-none");
    await video.play();
    const look = async function () {
      const codes = await detector.detect(video).catch(function () { return []; });
      if (codes.length) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        form.querySelector("[name=code]").value = codes[0].rawValue;
        form.submit();
        return;
      }
      window.requestAnimationFrame(look);
    };
    look();
  });
})();
