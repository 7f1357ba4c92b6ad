from django.shortcuts import render

from campus.access import staff_required
from campus.roles import Role


@staff_required(roles=[Role.DIRECTOR, Role.HEALTH, Role.TEACHER])
def index(request):
    return render(request, "health/index.html")
