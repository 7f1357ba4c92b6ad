"""Who owns a follow-up of each kind, and which kinds need a photo of the fix.

One table: a follow-up opened by a failed answer goes to the first role in its kind's list that
someone holds at the campus (a repair goes to the asset manager when the campus has one, else to
the logistics head); a kind with no list (``general``: a record not kept, a meeting not held) goes
to the campus's ``follow_up_role`` setting. Closing a follow-up of a kind in
``PHOTO_REQUIRED_KINDS`` takes a photo of the result.
"""

from campus.notifications import role_holders
from campus.roles import Role

from .choices import FollowUpKind

FOLLOW_UP_ROLES: dict[str, tuple[str, ...]] = {
    FollowUpKind.REPAIR: (Role.ASSETS, Role.LOGISTICS),
    FollowUpKind.HAZARD: (Role.LOGISTICS,),  # the logistics head is the campus's safety officer
    FollowUpKind.HEALTH: (Role.HEALTH,),
    FollowUpKind.KITCHEN: (Role.COOK, Role.LOGISTICS),
    FollowUpKind.GENERAL: (),
}

PHOTO_REQUIRED_KINDS = frozenset({FollowUpKind.REPAIR, FollowUpKind.HAZARD, FollowUpKind.KITCHEN})


def needs_after_photo(kind: str) -> bool:
    return kind in PHOTO_REQUIRED_KINDS


def role_for(campus, kind: str, fallback: str, holders: dict | None = None) -> str:
    """The role a follow-up of ``kind`` at ``campus`` goes to: the first of its kind's roles that
    someone holds there (``holders``: the answer of ``role_holders``, loaded once for many), else
    ``fallback``."""
    candidates = [Role(role).value for role in FOLLOW_UP_ROLES.get(kind, ())]
    if not candidates:
        return fallback
    if holders is None:
        holders = role_holders({(campus.pk, role) for role in candidates})
    for role in candidates:
        if holders.get((campus.pk, role)):
            return role
    return candidates[-1] if len(candidates) > 1 else candidates[0]
