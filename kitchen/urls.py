from django.urls import path

from . import views

app_name = "kitchen"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings_edit, name="settings"),
    path("suppliers/", views.supplier_list, name="supplier_list"),
    path("suppliers/add/", views.supplier_add, name="supplier_add"),
    path("suppliers/<int:pk>/", views.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", views.supplier_edit, name="supplier_edit"),
    path("acceptance/", views.acceptance_list, name="acceptance_list"),
    path("acceptance/add/", views.acceptance_add, name="acceptance_add"),
    path("acceptance/<int:pk>/", views.acceptance_detail, name="acceptance_detail"),
    path("samples/", views.sample_list, name="sample_list"),
    path("samples/meal/", views.sample_meal, name="sample_meal"),
    path("samples/<int:pk>/", views.sample_detail, name="sample_detail"),
    path("samples/<int:pk>/discard/", views.sample_discard, name="sample_discard"),
    path("disinfection/", views.disinfection_list, name="disinfection_list"),
    path("disinfection/add/", views.disinfection_add, name="disinfection_add"),
    path("disinfection/<int:pk>/", views.disinfection_detail, name="disinfection_detail"),
    path("meals/", views.meal_counts, name="meal_counts"),
    path("purchase/", views.purchase, name="purchase"),
    path("dishes/", views.dish_list, name="dish_list"),
    path("dishes/add/", views.dish_add, name="dish_add"),
    path("dishes/<int:pk>/", views.dish_detail, name="dish_detail"),
    path("dishes/<int:pk>/edit/", views.dish_edit, name="dish_edit"),
    path("ingredients/", views.ingredient_list, name="ingredient_list"),
    path("ingredients/import/", views.ingredient_import, name="ingredient_import"),
    path("ingredients/<int:pk>/edit/", views.ingredient_edit, name="ingredient_edit"),
    path("menus/", views.menu_list, name="menu_list"),
    path("menus/edit/", views.menu_edit, name="menu_edit"),
    path("menus/<int:pk>/", views.menu_detail, name="menu_detail"),
    path("menus/<int:pk>/publish/", views.menu_publish, name="menu_publish"),
    path("nutrition/", views.nutrition, name="nutrition"),
    path("parent/child/<int:pk>/menu/", views.parent_menu, name="parent_menu"),
]
