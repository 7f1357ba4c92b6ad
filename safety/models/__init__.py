"""Safety models, one module per half: ``settings`` (one row per campus), ``gate`` (visitors, the
do-not-admit list, pickers, dismissal handover), ``duties`` (drills, hazards, letters, training, roster).
Only re-export lines here."""

from .duties import *  # noqa: F403
from .gate import *  # noqa: F403
from .settings import SafetySettings  # noqa: F401
