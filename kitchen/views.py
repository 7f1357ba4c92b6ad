from django.shortcuts import render

from campus.access import staff_required
from campus.roles import Role


@staff_required(roles=[Role.DIRECTOR, Role.LOGISTICS, Role.HEALTH, Role.COOK])
def index(request):
    return render(request, "kitchen/index.html")
