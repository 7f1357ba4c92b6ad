"""Which guardians already in the records a roster import may link a child to, and what the preview
says about it (issue 9: ``director2`` imported a village child with a central parent's phone, which
renamed that parent and put the village child in their portal).

The rules, as a kindergarten wants them:
- A phone number of a guardian who is a family of this campus only and has no parent login is
  linked as before (a sibling's parent): nobody outside the campus is affected.
- A phone number of a guardian with children on another campus, or with a parent-portal login, is
  linked only when the importer confirms it row by row in the preview (a tick box), and only if
  the importer sees every campus of that guardian's children (so ``director2`` cannot confirm a
  central family; the group director can). A row without that confirmation is still imported --
  the child is enrolled, and the rest of the roster is not blocked by one family -- but without
  this guardian, and the preview says so: the child appears in no portal and in no pickup list
  of a family the importer cannot vouch for.
- A guardian's name is never changed by an import: the name in the records stays, and the preview
  says when the file differs.
- Someone who cannot see the other campus learns only that the number is taken there, never the
  guardian's name or children.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Campus, Guardianship
from .scoping import campuses_for

QUERY_CHUNK = 20000


@dataclass
class LinkCheck:
    """One row whose phone belongs to a guardian who may not be linked without a confirmation."""

    row: int | None
    confirmable: bool
    confirmed: bool
    name: str = ""  # the guardian's name in the records (only for someone who may confirm)
    campuses: list = field(default_factory=list)
    has_login: bool = False

    @property
    def where(self) -> str:
        parts = []
        if self.campuses:
            parts.append(_("children on %(campuses)s") % {"campuses": "、".join(self.campuses)})
        if self.has_login:
            parts.append(_("has a parent-portal login"))
        return "；".join(parts)

    @property
    def message(self) -> str:
        if not self.confirmable:
            return _(
                "This phone number belongs to a guardian of another campus. The child is imported without "
                "this guardian: an import never links a family across campuses by itself. If it is the same "
                "parent (e.g. siblings on two campuses), a director who sees both campuses can import this "
                "file and confirm the link."
            )
        if self.confirmed:
            return _("Linked to the existing guardian %(name)s (%(where)s): this child appears in that parent's "
                     "portal.") % {"name": self.name, "where": self.where}
        return _("This phone number belongs to %(name)s, already in the records (%(where)s). Tick the box to "
                 "link this child to that guardian; otherwise the child is imported without this guardian.") % {
            "name": self.name, "where": self.where}


class GuardianLinks:
    """Loaded once per import: the campuses of the children of the file's existing guardians."""

    def __init__(self, campus, user, confirmed_rows=()):
        self.campus, self.user = campus, user
        self.confirmed = set(confirmed_rows or ())
        self.campuses = {}  # guardian id -> ids of the campuses of their children
        self._visible = None
        self._names = None

    def load(self, guardians) -> None:
        ids = sorted(guardian.pk for guardian in guardians)
        for start in range(0, len(ids), QUERY_CHUNK):
            pairs = (Guardianship.objects.filter(guardian_id__in=ids[start:start + QUERY_CHUNK])
                     .values_list("guardian_id", "child__campus_id").distinct())
            for guardian_id, campus_id in pairs:
                self.campuses.setdefault(guardian_id, set()).add(campus_id)

    def _visible_campuses(self) -> set:
        if self._visible is None:
            self._visible = set(campuses_for(self.user).values_list("pk", flat=True)) if self.user is not None else set()
        return self._visible

    def _campus_names(self, ids) -> list:
        if self._names is None:
            self._names = dict(Campus.objects.values_list("pk", "name"))
        return [self._names.get(pk, "?") for pk in sorted(ids, key=lambda pk: (pk != self.campus.pk, pk))]

    def check(self, guardian, row) -> LinkCheck | None:
        """None when the guardian may be linked as before; otherwise what the row needs."""
        campuses = self.campuses.get(guardian.pk, set())
        if not (campuses - {self.campus.pk}) and guardian.user_id is None:
            return None
        confirmable = (campuses | {self.campus.pk}) <= self._visible_campuses()
        if not confirmable:
            return LinkCheck(row=row, confirmable=False, confirmed=False)
        return LinkCheck(row=row, confirmable=True, confirmed=row in self.confirmed, name=guardian.name,
                         campuses=self._campus_names(campuses), has_login=guardian.user_id is not None)


def name_kept_message(name: str) -> str:
    return _("The guardian with this phone number is “%(name)s” in the records; an import never renames a "
             "guardian, so the name in the file is not used.") % {"name": name}
