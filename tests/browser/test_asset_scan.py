"""The count page's camera scanner on a phone without BarcodeDetector (desktop Linux Chromium has
none; the test also removes it): the vendored jsQR reads the label from the camera. Chromium's fake
camera plays a video of the printed label (a Y4M file made from the label sheet's own PDF), the page
decodes it, and the asset is counted. A second test reads the printed sheet's QR image in the page."""

import base64
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from PIL import Image

from assets import labels, services
from assets.models import CountScan
from campus.roles import Role
from tests import factories
from tests.factories import make_world

from .conftest import CHROMIUM, PASSWORD, VIEWPORTS, shot
from .test_layout import layout_problems

pytestmark = pytest.mark.browser
FRAME = (640, 480)


def label_image(asset, tmp_path: Path) -> Image.Image:
    """The first label of the printed A4 sheet of ``asset``, as the camera would see it (150 dpi)."""
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(labels.sheet_pdf(labels.sheet_pages([asset])))
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "sheet")], check=True)
    sheet = Image.open(next(tmp_path.glob("sheet*.png"))).convert("L")
    mm = 150 / 25.4
    return sheet.crop((0, 0, int(70 * mm), int(37.5 * mm)))  # the label at the top left


def y4m_of(image: Image.Image, path: Path, frames=3) -> Path:
    """A still YUV 4:2:0 video of ``image`` centred on a grey desk: what --use-file-for-fake-video-capture plays."""
    width, height = FRAME
    canvas = Image.new("L", FRAME, 150)
    scale = min((width - 40) / image.width, (height - 40) / image.height)
    label = image.resize((int(image.width * scale), int(image.height * scale)))
    canvas.paste(label, ((width - label.width) // 2, (height - label.height) // 2))
    chroma = bytes([128]) * (width * height // 4)
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _n in range(frames):
            out.write(b"FRAME\n" + canvas.tobytes() + chroma + chroma)
    return path


@pytest.fixture
def counting(transactional_db, settings, tmp_path):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    world = make_world()
    room = factories.make_place(world.campus, "小一班教室")
    chair = factories.make_asset(world.campus, name="儿童椅", category="儿童床", place=room, value="150")
    table = factories.make_asset(world.campus, name="儿童桌", category="儿童床", place=room, value="300")
    count = services.start_count(world.campus, place=room, user=world.user(Role.ASSETS))
    return world, chair, table, count


def camera_browser(playwright_driver, video: Path):
    """A Chromium whose camera plays ``video``, launched from the worker's one Playwright driver."""
    from conftest import require_service

    require_service("poppler-utils", bool(shutil.which("pdftoppm")), "apt-get install poppler-utils")
    return playwright_driver.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}",
    ])


def logged_in(browser, live_server, user, violations):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN", is_mobile=True, has_touch=True,
                                  permissions=["camera"])
    # A phone without BarcodeDetector (old Android WebViews, Firefox, iOS before 17): the fallback must read it.
    context.add_init_script("delete window.BarcodeDetector; delete Window.prototype.BarcodeDetector;")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.get_username())
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return context, page


def test_the_camera_counts_a_label_without_barcode_detector(counting, live_server, tmp_path, playwright_driver):
    world, chair, _table, count = counting
    video = y4m_of(label_image(chair, tmp_path), tmp_path / "label.y4m")
    browser = camera_browser(playwright_driver, video)
    violations = []
    try:
        context, page = logged_in(browser, live_server, world.user(Role.ASSETS), violations)
        loaded = []
        page.on("request", lambda request: loaded.append(request.url) if "jsqr/jsQR" in request.url else None)
        page.goto(f"{live_server.url}{count.get_absolute_url()}")
        assert page.evaluate("'BarcodeDetector' in window") is False
        assert loaded == []  # loaded only when the camera is used
        button = page.locator("#camera-button")
        assert button.is_visible()
        assert layout_problems(page) == []
        shot(page, "assets-scan-1-count-phone")
        with page.expect_navigation(timeout=20_000):
            button.click()
        page.wait_for_load_state("networkidle")
        assert len(loaded) == 1  # the fallback decoder was loaded, and read the label
        assert CountScan.objects.filter(count=count, asset=chair).exists()
        assert f"已清点：{chair}" in page.locator(".alert").first.inner_text()
        shot(page, "assets-scan-2-counted-phone")
        context.close()
    finally:
        browser.close()
    assert not violations, violations


def test_the_fallback_decoder_reads_the_printed_label(counting, live_server, tmp_path, playwright_driver):
    world, _chair, table, count = counting
    image = label_image(table, tmp_path)
    png = tmp_path / "label.png"
    image.save(png)
    video = y4m_of(image, tmp_path / "label.y4m", frames=1)
    browser = camera_browser(playwright_driver, video)
    violations = []
    try:
        context, page = logged_in(browser, live_server, world.user(Role.ASSETS), violations)
        page.goto(f"{live_server.url}{count.get_absolute_url()}")
        text = page.evaluate("""async (src) => {
            const jsQR = await window.houqinScan.loadJsQR();
            const image = new Image();
            image.src = src;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.width; canvas.height = image.height;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            return window.houqinScan.decodeImageData(jsQR, context.getImageData(0, 0, canvas.width, canvas.height));
        }""", "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode())
        assert text == labels.asset_url(table)
        assert text.startswith(django_settings.SITE_URL.rstrip("/")) and text.endswith(f"/assets/{table.pk}/")
        # typing the code stays possible
        page.fill("#id_code", table.code)
        page.click("#scan-form button.btn-success")
        page.wait_for_load_state("networkidle")
        assert CountScan.objects.filter(count=count, asset=table).exists()
        context.close()
    finally:
        browser.close()
    assert not violations, violations
