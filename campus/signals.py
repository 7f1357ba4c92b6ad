from django.dispatch import Signal

# Sent after a class's (or a single child's) attendance is saved and committed.
# kwargs: campus, day, records (list of Attendance, each with child and status), user.
# health listens to open sick-absence follow-ups; others may listen too.
attendance_recorded = Signal()
