"""Read-only summaries shared by the app's pages and the dashboard (a fixed number of queries)."""

from django.db.models import Count, Q

from campus.models import Child

from .choices import CheckAction, CheckSession, WeightStatus
from .models import HealthCheck, Measurement


def check_progress(campus, day, classes) -> list[dict]:
    """Per class: enrolled, checked this morning / afternoon, observed and sent home. Two queries."""
    enrolled = dict(Child.objects.enrolled_on(day).filter(classroom__in=classes).values_list("classroom")
                    .annotate(n=Count("id")))
    counts = {
        row["classroom"]: row
        for row in HealthCheck.objects.filter(classroom__in=classes, date=day).values("classroom").annotate(
            morning=Count("id", filter=Q(session=CheckSession.MORNING)),
            afternoon=Count("id", filter=Q(session=CheckSession.AFTERNOON)),
            here=Count("id", filter=Q(session=CheckSession.MORNING) & ~Q(action=CheckAction.NOT_HERE)),
            observe=Count("id", filter=Q(action=CheckAction.OBSERVE)),
            sent_home=Count("id", filter=Q(action=CheckAction.SENT_HOME)),
        )
    }
    empty = {"morning": 0, "afternoon": 0, "here": 0, "observe": 0, "sent_home": 0}
    return [{**counts.get(room.pk, empty), "classroom": room, "enrolled": enrolled.get(room.pk, 0)} for room in classes]


PREVALENCE_COLUMNS = ["underweight", "stunting", "wasting", "overweight", "obese", "severely_obese"]


def prevalence(classes, day) -> dict:
    """Nutrition status of each class and the whole campus from each child's latest measurement.
    Two queries."""
    children = dict(Child.objects.enrolled_on(day).filter(classroom__in=classes).values_list("id", "classroom_id"))
    latest = {}
    for m in Measurement.objects.filter(child_id__in=children).only(
        "child_id", "measured_on", "underweight", "stunting", "weight_status"
    ).order_by("child_id", "measured_on"):
        latest[m.child_id] = m
    rows = []
    total = {"label": None, "children": 0, "measured": 0, **dict.fromkeys(PREVALENCE_COLUMNS, 0)}
    for room in classes:
        row = {"label": room.name, "children": 0, "measured": 0, **dict.fromkeys(PREVALENCE_COLUMNS, 0)}
        for child_id, room_id in children.items():
            if room_id != room.pk:
                continue
            row["children"] += 1
            m = latest.get(child_id)
            if m is None:
                continue
            row["measured"] += 1
            row["underweight"] += m.underweight
            row["stunting"] += m.stunting
            for status in (WeightStatus.WASTING, WeightStatus.OVERWEIGHT, WeightStatus.OBESE, WeightStatus.SEVERELY_OBESE):
                row[status] += m.weight_status == status
        rows.append(row)
        for key in ["children", "measured", *PREVALENCE_COLUMNS]:
            total[key] += row[key]
    for row in [*rows, total]:
        row["rates"] = [(row[c], f"{row[c] * 100 / row['measured']:.1f}%" if row["measured"] else "—") for c in PREVALENCE_COLUMNS]
    return {"rows": rows, "total": total}
