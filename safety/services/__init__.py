"""Every write of the safety app, one module per half: ``settings``, ``gate`` and ``duties``. Callers
import from ``safety.services``. Only re-export lines here."""

from ..errors import SafetyError  # noqa: F401
from ..models import SafetySettings  # noqa: F401
from .duties import *  # noqa: F403
from .gate import *  # noqa: F403
from .settings import settings_for, update_settings  # noqa: F401
