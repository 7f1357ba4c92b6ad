"""Phone layout (issue 11): on a 390 px phone every button is a 40 px tap target whose label stays on
one line, the page never scrolls sideways (a wide table scrolls inside its .table-responsive box),
a date in a table cell stays on one line, and no table cell is squeezed to a character or so per
line. Checked in the browser, with JavaScript, on the pages that had these defects;
``layout_problems`` is meant to be run on any page (the crawl runs it on every page)."""

import datetime as dt

import pytest
from django.utils import timezone

from campus.models import StaffCertificate
from campus.notifications import notify
from campus.roles import Role
from tests import factories

from .conftest import shot
from .test_finance import _closed_world

pytestmark = pytest.mark.browser

MIN_TAP = 40  # px
MULTILINE_OK = ".btn-card"  # a button that is a whole card (title, body, time) may take several lines

# Returns a list of strings, one per defect; [] when the page is fine.
LAYOUT_PROBLEMS_JS = """([minTap, multilineOk]) => {
  const problems = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const label = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent.trim().slice(0, 30)}"`;
  // How many lines the text of `node` (an element or a range) is laid out on.
  const lineCount = (rects) => {
    const tops = [];
    for (const r of rects) {
      if (r.width === 0 || r.height === 0) continue;
      if (!tops.some((t) => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
    }
    return tops.length;
  };
  const textRects = (el) => {
    const rects = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (!n.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      rects.push(...range.getClientRects());
    }
    return rects;
  };
  // 1. Buttons: tall enough, label on one line.
  const buttons = document.querySelectorAll('button, .btn, a.btn, input[type=submit], input[type=button]');
  for (const el of buttons) {
    if (!visible(el)) continue;
    const h = el.getBoundingClientRect().height;
    if (h < minTap - 0.5) problems.push(`short (${Math.round(h)} px): ${label(el)}`);
    if (!el.matches(multilineOk) && lineCount(textRects(el)) > 1) problems.push(`label wraps: ${label(el)}`);
  }
  // 2. The page itself never scrolls sideways.
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) {
    const culprits = [...document.body.querySelectorAll('*')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.right > doc.clientWidth + 1 && visible(el) && !el.closest('.table-responsive')
        && !(el.parentElement && el.parentElement.getBoundingClientRect().right > doc.clientWidth + 1);
    }).slice(0, 5).map(label);
    problems.push(`page scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth}): ${culprits.join('; ')}`);
  }
  // 3. A date (or date and time) in a table cell, a list or a badge is on one line.
  const date = /\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2})?|\\d{4}年\\d{1,2}月\\d{1,2}日( \\d{1,2}:\\d{2})?|\\d{2}-\\d{2} \\d{2}:\\d{2}/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode;
    const host = n.parentElement;
    if (!host || !host.closest('td, th, dd, .badge, .text-date') || !visible(host)) continue;
    for (const m of n.textContent.matchAll(date)) {
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const lines = lineCount(range.getClientRects());
      if (lines > 1) problems.push(`date on ${lines} lines: "${m[0]}" in ${label(host)}`);
    }
  }
  // 4. A table cell's text is never squeezed to a character or so per line (a name stacked
  //    one character per line in a narrow column on a phone).
  for (const cell of document.querySelectorAll('td, th')) {
    if (!visible(cell)) continue;
    const chars = cell.textContent.replace(/\\s+/g, '').length;
    if (chars < 2) continue;
    const lines = lineCount(textRects(cell));
    if (lines >= 2 && chars / lines < 2) problems.push(`cell squeezed to ${lines} lines of ${chars} characters: ${label(cell)}`);
  }
  return problems;
}"""


def layout_problems(page, min_tap=MIN_TAP) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS_JS, [min_tap, MULTILINE_OK])


def test_the_guard_sees_a_name_stacked_one_character_per_line(browser):
    """The bill list once showed 王小明 as 王/小/明 in a squeezed column; the crawl must catch that."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_content(
        '<table style="width:100%"><tr><td style="width:1.2em">王小明</td><td>一个很长很长的说明文字，占据了其余的宽度，'
        '并且会换行很多次以便挤压第一列</td></tr></table>'
        '<table style="width:100%"><tr><td>张三</td><td>2026-12-02</td></tr></table>'
    )
    problems = layout_problems(page, 0)
    page.close()
    assert any("squeezed" in problem and "王小明" in problem for problem in problems), problems
    assert not any("张三" in problem or "很长" in problem for problem in problems), problems


def check(page, path: str, name: str, expect: str = "") -> list[str]:
    """Open ``path``, take its screenshot, return its layout problems (each prefixed by the path)."""
    response = page.goto(f"{page.base_url}{path}")
    page.wait_for_load_state("networkidle")
    assert response.status == 200, f"{path}: {response.status}"
    if expect:
        assert expect in page.content(), f"{path}: {expect!r} not on the page"
    width = page.viewport_size["width"]
    shot(page, f"layout-{name}-{width}")
    min_tap = MIN_TAP if width < 768 else 0  # a desktop keeps its compact buttons
    return [f"{path}: {problem}" for problem in layout_problems(page, min_tap)]


def _world_with_everything():
    """A closed month (bills, 打印 buttons), staff certificates, a notification, a register with
    rows, an active medication request (取消委托)."""
    world, this_month, _last_month = _closed_world()
    today = timezone.localdate()
    kinds = ["health", "nursery", "teacher", "cook"]
    for n, staff in enumerate(world.staff.values()):
        for k, kind in enumerate(kinds[: 1 + n % 4]):
            StaffCertificate.objects.create(staff=staff, kind=kind, number=f"No.{n}{k}",
                                            expires_on=today + dt.timedelta(days=(n * 40 + k * 200) - 60))
    for days_ago in range(3):
        factories.make_disinfection(world, day=today - dt.timedelta(days=days_ago),
                                    at=timezone.now() - dt.timedelta(days=days_ago))
    for role in (Role.TEACHER, Role.DIRECTOR):
        notify("checklists.follow_up", world.campus, roles=[role], key=f"layout-{role}",
               title="厨房消毒柜温度偏低，请在今天下班前复查并填写整改记录",
               body="整改期限：" + f"{today:%Y-%m-%d}" + "。请上传照片。")
    request = factories.make_medication_request(world.parent, world.child, drug="小儿止咳糖浆", times=("10:00", "14:30"),
                                                days=3)
    factories.make_dose(request, world.user(Role.TEACHER))  # a row in the medication register
    return world, this_month, request


PAGES = {  # role -> [(path, screenshot name, text that must be on the page)]
    Role.DIRECTOR: [
        ("/", "home", ""),
        ("/dashboard/", "dashboard", "已过期"),
        ("/staff/", "staff-list", "有效期至"),
        ("/notifications/", "notifications", "厨房消毒柜"),
        ("/finance/bills/?month={month}", "bills", "打印"),
        ("/kitchen/disinfection/", "disinfection-register", "打印"),
        ("/kitchen/menus/", "menu-list", ""),
    ],
    Role.HEALTH: [("/health/medication/{request}/", "medication-detail", "取消委托"),
                  ("/health/registers/medication/", "health-register", "小儿止咳糖浆")],
    Role.CASHIER: [("/finance/child/{child}/", "child-account", ""), ("/finance/invitations/", "invitations", "")],
    Role.TEACHER: [("/notifications/", "notifications-teacher", "厨房消毒柜")],
    Role.PARENT: [("/", "parent-home", ""), ("/health/parent/child/{child}/medication/", "parent-medication", "小儿止咳糖浆")],
    Role.COOK: [("/kitchen/", "kitchen-today", ""), ("/kitchen/disinfection/add/", "disinfection-form", ""), ("/kitchen/disinfection/", "disinfection-register-cook", "查看")],
}


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_buttons_tables_and_dates_fit_a_phone(page_as, viewport):
    world, this_month, request = _world_with_everything()
    problems = []
    for role, pages in PAGES.items():
        page = page_as(world.parent.user if role == Role.PARENT else world.user(role), viewport)
        for path, name, expect in pages:
            path = path.format(month=f"{this_month:%Y-%m}", request=request.pk, child=world.child.pk)
            problems += check(page, path, name, expect)
    assert not problems, "\n".join(problems)
