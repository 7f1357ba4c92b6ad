"""Safety forms, one module per half (gate, duties). Only re-export lines here."""

from .duties import *  # noqa: F403
from .gate import *  # noqa: F403
from .settings import SettingsForm  # noqa: F401
