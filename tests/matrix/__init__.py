"""The permission matrix: what every URL of the project expects from every kind of user.

Each app declares its URLs in ``tests/matrix/<app>.py`` as ``EXPECTATIONS = [Expect(...), ...]``.
``tests/test_permission_matrix.py`` walks every URL pattern of the project, fails for one that has
no expectation, and checks each for: anonymous, each staff role of the campus, a user of another
campus (who holds every staff role there), the parent of the child in question and the parent of
another child, and the teacher of another class of the same campus.

``Expect`` fields:
- ``name``: the URL name, e.g. ``"kitchen:sample_detail"``.
- ``kwargs``: ``lambda world: {...}`` building the URL's arguments from the world (create the
  objects you need on ``world.campus``; reuse them through ``world.cache``).
- ``allow``: the staff roles that may open it (``Role`` members; ``ALL_STAFF`` for every staff role).
- ``parent``: True when the parent of ``world.child`` may open it (parent portal pages).
  ``other_kwargs``: for parent pages with ids, ``lambda world: {...}`` pointing at
  ``world.other_child``'s objects: the parent must be refused those.
- ``scoped``: True when the kwargs point at an object of ``world.campus`` (then the user of the
  other campus must be refused). Default: True when ``kwargs`` is given.
- ``method``: ``"get"`` or ``"post"`` (a POST is sent with ``data``; allowed users must not get
  403/404, refused users must get 403/404 and nothing may change). A GET sends ``data`` as query
  parameters (a callable may also set up what the page needs).
- ``classes``: True when the kwargs point at a record of ``world.child`` or ``world.classroom``
  (小一班): the teacher of another class of the same campus (``world.neighbour()``) must be refused
  it, GET and POST. Default: True when ``kwargs`` is given and the URL is scoped; say
  ``classes=False`` for a campus-wide record (a checklist run, a plan). Where ``classes`` is False
  and class teachers may open the URL, the neighbour may open it too.
- ``shows_child``: a list, register or export open to class teachers that lists ``world.child``:
  the class teacher must find the child's name in it, the neighbour must not.
- ``setup``: ``lambda world: ...`` run before the requests (to make the records a list shows).
- ``public``: no login needed (login page, /healthz).
- ``ok``: the statuses an allowed user may get (default 200 for GET; for POST anything but 403/404/405).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.utils.module_loading import module_has_submodule

from campus.roles import STAFF_ROLES

ALL_STAFF = frozenset(STAFF_ROLES)


@dataclass
class Expect:
    name: str
    allow: frozenset | set | list = frozenset()
    kwargs: Callable | None = None
    parent: bool = False
    other_kwargs: Callable | None = None
    scoped: bool | None = None
    method: str = "get"
    data: dict | Callable = field(default_factory=dict)
    public: bool = False
    ok: tuple = (200,)
    query: str = ""
    classes: bool | None = None
    shows_child: bool = False
    setup: Callable | None = None

    def __post_init__(self):
        self.allow = frozenset(self.allow)
        if self.scoped is None:
            self.scoped = self.kwargs is not None
        if self.classes is None:
            self.classes = self.scoped and self.kwargs is not None

    def __str__(self):
        return f"{self.method.upper()} {self.name}{self.query}"


APPS = ["campus", "checklists", "kitchen", "health", "logistics", "assets", "finance", "safety"]


def all_expectations() -> list[Expect]:
    package = import_module(__name__)
    return [expect for label in APPS if module_has_submodule(package, label)
            for expect in import_module(f"{__name__}.{label}").EXPECTATIONS]
