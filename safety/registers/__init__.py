"""Safety registers, one module per half (gate, duties). Only re-export lines here."""

from .gate import *  # noqa: F403
