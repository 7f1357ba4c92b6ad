"""Campus scoping: which campuses a user sees, and loaders that never fetch by a bare primary key.

- ``campuses_for(user)``: the campuses a user may see (a group director: all).
- ``request.campus`` (set by ``CurrentCampusMiddleware``): the campus the user is working in now;
  lists show this campus. ``request.campus_ids``: every campus the user may see.
- ``scoped(request, qs)``: ``qs`` filtered to the campuses the user may see;
  ``in_current_campus(request, qs)``: to the current campus.
- ``get_scoped_object_or_404(request, Model_or_qs, **lookup)``: 404 outside the user's campuses.
- ``get_child_for_user(request, pk)``: staff within their campuses; a parent only their own children.

The path from a model to its campus is the model's ``campus_path`` attribute (``"campus"``,
``"classroom__campus"``, ``"child__campus"`` ...).

Classes: the one rule for which classes (and so which children) a staff member sees.

- ``CLASS_ROLES``: the roles that see only their own classes (class teachers and nursery staff: the
  classes they head or work in). A staff member holding any other role (director, health teacher,
  logistics head, cook, cashier, ...) sees the whole campus, for whatever their permissions allow;
  a staff member with no role at all sees only their own classes.
- A model whose rows belong to a class or a child says how in ``class_path`` (``"pk"`` for
  ``Classroom``, ``"classroom"``, ``"child__classroom"``, ``"request__child__classroom"`` ...).
  ``scoped``, ``in_current_campus``, ``get_scoped_object_or_404`` and ``get_child_for_user`` then
  also keep a class-limited staff member to their classes: lists, detail pages, writes, registers,
  exports and files (``campus.media``) all go through them. A row whose class path is empty (a
  staff member's disease case) is not shown to a class-limited user.
- ``limited_to_classes(request)``: True for such a staff member; ``visible_classrooms(request)``:
  the active classes of the current campus this user sees (for pickers, progress tables, todos);
  ``visible_child_ids(request)``: None for the whole campus, else the ids of the user's children.
"""

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Campus, Child, Classroom
from .roles import Role, roles_of

CLASS_ROLES = frozenset({Role.TEACHER.value})


def staff_of(user):
    if not user.is_authenticated:
        return None
    try:
        staff = user.staff
    except AttributeError:
        return None
    except Exception:  # RelatedObjectDoesNotExist
        return None
    return staff if staff.is_active else None


def guardian_of(user):
    if not user.is_authenticated:
        return None
    try:
        return user.guardian
    except Exception:  # RelatedObjectDoesNotExist
        return None


def campuses_for(user) -> QuerySet:
    if not user.is_authenticated:
        return Campus.objects.none()
    staff = staff_of(user)
    if user.is_superuser or (staff and staff.sees_all_campuses):
        return Campus.objects.filter(is_active=True)
    if staff:
        return staff.campuses.filter(is_active=True)
    guardian = guardian_of(user)
    if guardian:
        return Campus.objects.filter(children__guardians=guardian).distinct()
    return Campus.objects.none()


def campus_path_of(model) -> str:
    try:
        return model.campus_path
    except AttributeError:
        raise TypeError(f"{model.__name__} has no campus_path; say how it belongs to a campus.") from None


def _as_queryset(model_or_qs) -> QuerySet:
    if isinstance(model_or_qs, QuerySet):
        return model_or_qs
    if isinstance(model_or_qs, type) and issubclass(model_or_qs, Model):
        return model_or_qs._default_manager.all()
    raise TypeError(f"Expected a model or a queryset, got {model_or_qs!r}")


def _path_crosses_many(model, path: str) -> bool:
    """True when following ``path`` from ``model`` passes a to-many relation (rows may repeat)."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def _filter_campuses(qs: QuerySet, campus_ids) -> QuerySet:
    path = campus_path_of(qs.model)
    if path == "pk":
        return qs.filter(pk__in=campus_ids)
    filtered = qs.filter(**{f"{path}__in": campus_ids})
    return filtered.distinct() if _path_crosses_many(qs.model, path) else filtered


def limited_to_classes(request_or_user) -> bool:
    """True for a staff member who sees only their own classes (see ``CLASS_ROLES``)."""
    user = getattr(request_or_user, "user", request_or_user)
    if not user.is_authenticated or user.is_superuser or staff_of(user) is None:
        return False
    return roles_of(user) <= CLASS_ROLES


def own_classroom_ids(user) -> QuerySet:
    """The ids of the classes ``user`` heads or works in (a subquery)."""
    staff = staff_of(user)
    return Classroom.objects.filter(Q(head_teacher=staff) | Q(staff=staff)).values("pk")


def _filter_classes(request, qs: QuerySet) -> QuerySet:
    path = getattr(qs.model, "class_path", None)
    if path is None or not limited_to_classes(request):
        return qs
    return qs.filter(**{f"{path}__in": own_classroom_ids(request.user)})


def scoped(request, model_or_qs) -> QuerySet:
    """Only rows of the campuses (and, for a class-limited staff member, the classes) this user may see."""
    return _filter_classes(request, _filter_campuses(_as_queryset(model_or_qs), request.campus_ids))


def in_current_campus(request, model_or_qs) -> QuerySet:
    """Only rows of the campus the user is working in now (and of the user's classes, as ``scoped``)."""
    qs = _as_queryset(model_or_qs)
    if request.campus is None:
        return qs.none()
    return _filter_classes(request, _filter_campuses(qs, [request.campus.pk]))


def visible_classrooms(request) -> QuerySet:
    """The active classes of the current campus this user sees."""
    return in_current_campus(request, Classroom).filter(is_active=True)


def visible_child_ids(request) -> list | None:
    """None for a user who sees the whole campus; else the ids of the children of the user's classes
    (for services that take ``child_ids``)."""
    if not limited_to_classes(request):
        return None
    return list(in_current_campus(request, Child).values_list("id", flat=True))


def get_scoped_object_or_404(request, model_or_qs, **lookup):
    return get_object_or_404(scoped(request, model_or_qs), **lookup)


def get_child_for_user(request, pk, queryset=None):
    """A child the user may see: staff within their campuses, a guardian only their own child."""
    qs = queryset if queryset is not None else Child.objects.select_related("classroom", "campus")
    if staff_of(request.user) or request.user.is_superuser:
        return get_object_or_404(scoped(request, qs), pk=pk)
    guardian = guardian_of(request.user)
    if guardian is None:
        raise Http404
    return get_object_or_404(qs.filter(guardians=guardian), pk=pk)
