"""Logging in: the lockout after failed attempts (django-axes), the client address behind a proxy,
one password check at a time per username and address, and how long a session lasts.

The lockout counts failed logins in the database (no Redis needed) along three lines, each with
its own limit within ``LOGIN_FAILURE_WINDOW`` seconds:

* one username from one address: ``LOGIN_FAILURE_LIMIT`` (someone guessing one account);
* one username from anywhere: ``LOGIN_FAILURE_LIMIT_PER_USERNAME`` (guessing from many addresses);
* one address for any usernames: ``LOGIN_FAILURE_LIMIT_PER_ADDRESS`` (one password sprayed over many
  accounts), higher, because a kindergarten's staff share one Wi-Fi address.

A successful login forgives only that username's failures from that address.
"""

import datetime as dt
import hashlib
import ipaddress
import logging
import threading
import time
import unicodedata
from contextlib import ExitStack, contextmanager

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.db import connection
from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .scoping import guardian_of, staff_of

log = logging.getLogger(__name__)


# --- the client's address ----------------------------------------------------------------------


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address the request came from (``AXES_CLIENT_IP_CALLABLE``).

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` says how many proxies of ours stand in front of
    the site: then the address the outermost of them saw, read from the right of X-Forwarded-For
    (each proxy appends the address it was called from; anything further left is whatever the
    client chose to send, and is never believed)."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(chain) < proxies:
        # Not through our proxies (or they are misconfigured): the nearest address we can vouch for.
        return remote
    return _valid_ip(chain[-proxies]) or remote


# --- the lockout -------------------------------------------------------------------------------


def failure_limit(request=None, credentials=None) -> int:
    """``AXES_FAILURE_LIMIT``: LOGIN_FAILURE_LIMIT."""
    return settings.LOGIN_FAILURE_LIMIT


def cool_off(request=None) -> dt.timedelta:
    """``AXES_COOLOFF_TIME``: failures older than LOGIN_FAILURE_WINDOW seconds are forgotten."""
    return dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)


def lockout_limits() -> list[int]:
    """The limit of each entry of ``AXES_LOCKOUT_PARAMETERS``, in the same order."""
    return [
        settings.LOGIN_FAILURE_LIMIT,
        settings.LOGIN_FAILURE_LIMIT_PER_USERNAME,
        settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS,
    ]


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per lockout parameter and a success that forgives only
    the username's failures from its own address (never the address's failures for other names)."""

    def get_failures(self, request, credentials=None) -> int:
        # Axes compares one number with one limit (LOGIN_FAILURE_LIMIT): report each line's failures
        # in units of that limit, so that a line reaches it exactly when it reaches its own limit.
        limit = get_failure_limit(request, credentials)
        worst = 0
        for attempts, own_limit in zip(self.get_user_attempts(request, credentials), lockout_limits(), strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            worst = max(worst, failures * limit // max(own_limit, 1))
        return worst

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        address = getattr(request, "axes_ip_address", None)
        if address:
            self.reset_attempts(ip_address=address, username=user.get_username())


def locked_out(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a lockout lasts (``AXES_LOCKOUT_CALLABLE``)."""
    minutes = max(settings.LOGIN_FAILURE_WINDOW // 60, 1)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


# --- one password check at a time --------------------------------------------------------------

_STRIPES = [threading.Lock() for _ in range(64)]


def _gate_keys(request) -> list[str]:
    # As the login forms clean it (UsernameField): "ｃａｓｈｉｅｒ" is "cashier" and waits for it.
    username = unicodedata.normalize("NFKC", request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "").strip())
    return sorted({f"houqin-login:user:{username}", f"houqin-login:address:{client_ip(request) or ''}"})


@contextmanager
def login_gate(request):
    """Hold a lock on the username and on the address while a login is checked and counted.

    Axes reads the failure count before the password check and writes it after, so parallel
    attempts would all read the same count and all be checked; behind this gate the N+1st attempt
    sees the N failures before it. PostgreSQL advisory locks hold across every web process; other
    databases (development) get a lock per process."""
    keys = _gate_keys(request)
    if connection.vendor == "postgresql":
        ids = [int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True) for key in keys]
        with connection.cursor() as cursor:
            for lock_id in ids:
                cursor.execute("SELECT pg_advisory_lock(%s)", [lock_id])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for lock_id in reversed(ids):
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_id])
        return
    stripes = sorted({int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(_STRIPES) for key in keys})
    with ExitStack() as stack:
        for index in stripes:
            stack.enter_context(_STRIPES[index])
        yield


class LoginGateMiddleware:
    """Runs every login POST (the site's and the admin's) behind ``login_gate``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._paths = None

    def __call__(self, request):
        if self._paths is None:
            self._paths = {reverse(settings.LOGIN_URL), reverse("admin:login")}
        if request.method != "POST" or request.path_info not in self._paths:
            return self.get_response(request)
        with login_gate(request):
            return self.get_response(request)


class LoginView(auth_views.LoginView):
    """Django's login; axes counts the failures and answers with ``locked_out`` during a lockout."""

    redirect_authenticated_user = True


# --- how long a session lasts ------------------------------------------------------------------

SEEN_KEY = "houqin_seen"
SEEN_EVERY = 60  # seconds: the session is written at most once a minute to note activity


def session_idle_limit(user) -> int:
    """Seconds of inactivity after which the user must log in again."""
    # Staff first: user.staff is loaded (and cached on the user) by every staff page anyway.
    if user.is_staff or user.is_superuser or staff_of(user) or not guardian_of(user):
        return settings.STAFF_SESSION_IDLE_MINUTES * 60
    return settings.PARENT_SESSION_DAYS * 24 * 3600


def _note_activity(request, user) -> None:
    request.session[SEEN_KEY] = time.time()
    request.session.set_expiry(session_idle_limit(user))


def start_session_clock(sender, request, user, **kwargs):
    """On login (``user_logged_in``): the session lasts as long as the user's kind of login may idle."""
    if request is not None and hasattr(request, "session"):
        _note_activity(request, user)


class SessionPolicyMiddleware:
    """Staff sessions end after ``STAFF_SESSION_IDLE_MINUTES`` without a request (phones are shared
    in a kindergarten); parents' after ``PARENT_SESSION_DAYS``. Activity extends both."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            seen = request.session.get(SEEN_KEY)
            if seen is not None and time.time() - seen > session_idle_limit(user):
                logout(request)
                messages.info(request, _("You were logged out after a period without activity. Please log in again."))
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            seen = request.session.get(SEEN_KEY)
            if seen is None or time.time() - seen >= SEEN_EVERY:
                _note_activity(request, user)
        return response
