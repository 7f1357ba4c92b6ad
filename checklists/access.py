"""Who may act on what, beyond the role table: small predicates the views and pages share."""

from campus.access import user_has_roles
from campus.roles import Role

from .choices import FollowUpStatus

MANAGERS = [Role.DIRECTOR, Role.LOGISTICS]


def is_manager(user) -> bool:
    return user_has_roles(user, MANAGERS)


def may_work_on_follow_up(user, follow_up) -> bool:
    """The assignee, a holder of the assigned role (when no one person is named), or a manager."""
    if not user.has_perm("checklists.change_followup"):
        return False
    if is_manager(user) or follow_up.assignee_id == user.pk:
        return True
    return bool(follow_up.assignee_role) and not follow_up.assignee_id and user_has_roles(user, [follow_up.assignee_role])


def may_close_follow_up(user, follow_up) -> bool:
    return follow_up.status == FollowUpStatus.OPEN and may_work_on_follow_up(user, follow_up)


def may_verify_follow_up(user, follow_up) -> bool:
    return (
        follow_up.status == FollowUpStatus.CLOSED
        and user.has_perm("checklists.verify_followup")
        and follow_up.closed_by_id != user.pk
    )
