"""Safety registers, one module per half (gate, duties). Only re-export lines here."""

from .duties import *  # noqa: F403
from .gate import *  # noqa: F403
