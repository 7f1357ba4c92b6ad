// The count page's camera scanner. The browser's own BarcodeDetector where it reads QR codes (Chrome on
// Android); elsewhere (desktop Linux Chromium, Firefox, Safari before 17) the vendored jsQR
// (static/vendor/jsqr, Apache-2.0), loaded only when the camera is first used. Typing or pasting the
// code stays possible, and so does opening each label with the phone's own camera app.
(function () {
  "use strict";
  const button = document.getElementById("camera-button");
  const video = document.getElementById("camera");
  const form = document.getElementById("scan-form");
  const status = document.getElementById("camera-status");
  const MAX_SIDE = 640; // frames are scaled down to this before decoding: enough for a label, cheap on a phone
  const EVERY_MS = 150;

  function loadJsQR() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    return new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      script.src = button.dataset.jsqr;
      script.onload = function () { window.jsQR ? resolve(window.jsQR) : reject(new Error("jsQR")); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  async function nativeDetector() {
    if (!("BarcodeDetector" in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (!formats.includes("qr_code")) return null;
      const detector = new window.BarcodeDetector({formats: ["qr_code"]});
      return async function (source) {
        const codes = await detector.detect(source);
        return codes.length ? codes[0].rawValue : null;
      };
    } catch (error) {
      return null;
    }
  }

  // The text of the QR code in an ImageData (RGBA pixels), or null: the fallback decoder, also called
  // by the browser test on a rendered label.
  function decodeImageData(jsQR, image) {
    const code = jsQR(image.data, image.width, image.height, {inversionAttempts: "attemptBoth"});
    return code && code.data ? code.data : null;
  }

  async function fallbackDetector() {
    const jsQR = await loadJsQR();
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", {willReadFrequently: true});
    return async function (source) {
      const width = source.videoWidth, height = source.videoHeight;
      if (!width || !height) return null;
      const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      return decodeImageData(jsQR, context.getImageData(0, 0, canvas.width, canvas.height));
    };
  }

  window.houqinScan = {loadJsQR: loadJsQR, decodeImageData: decodeImageData};

  if (!button || !form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  button.classList.remove("d-none");
  button.addEventListener("click", async function () {
    button.disabled = true;
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false});
    } catch (error) {
      if (status) status.textContent = status.dataset.denied;
      return;
    }
    let detect;
    try {
      detect = (await nativeDetector()) || (await fallbackDetector());
    } catch (error) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      if (status) status.textContent = status.dataset.failed;
      return;
    }
    video.srcObject = stream;
    video.classList.remove("d-none");
    if (status) status.textContent = status.dataset.looking;
    await video.play().catch(function () {});
    const look = async function () {
      const text = await detect(video).catch(function () { return null; });
      if (text) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        form.querySelector("[name=code]").value = text;
        form.submit();
        return;
      }
      window.setTimeout(look, EVERY_MS);
    };
    look();
  });
})();
