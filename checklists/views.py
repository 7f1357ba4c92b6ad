from django.shortcuts import render

from campus.access import staff_required
from campus.roles import Role


@staff_required(roles=[Role.DIRECTOR, Role.LOGISTICS, Role.HEALTH, Role.TEACHER, Role.COOK, Role.GATEKEEPER, Role.CASHIER, Role.ASSETS])
def index(request):
    return render(request, "checklists/index.html")
