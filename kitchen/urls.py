from django.urls import path

from .views import food_safety, menus

app_name = "kitchen"

urlpatterns = [
    path("", food_safety.index, name="index"),
    path("settings/", food_safety.settings_edit, name="settings"),
    path("suppliers/", food_safety.supplier_list, name="supplier_list"),
    path("suppliers/add/", food_safety.supplier_add, name="supplier_add"),
    path("suppliers/<int:pk>/", food_safety.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", food_safety.supplier_edit, name="supplier_edit"),
    path("acceptance/", food_safety.acceptance_list, name="acceptance_list"),
    path("acceptance/add/", food_safety.acceptance_add, name="acceptance_add"),
    path("acceptance/<int:pk>/", food_safety.acceptance_detail, name="acceptance_detail"),
    path("acceptance/<int:pk>/correct/", food_safety.acceptance_edit, name="acceptance_edit"),
    path("samples/", food_safety.sample_list, name="sample_list"),
    path("samples/meal/", food_safety.sample_meal, name="sample_meal"),
    path("samples/<int:pk>/", food_safety.sample_detail, name="sample_detail"),
    path("samples/<int:pk>/discard/", food_safety.sample_discard, name="sample_discard"),
    path("samples/<int:pk>/correct/", food_safety.sample_edit, name="sample_edit"),
    path("disinfection/", food_safety.disinfection_list, name="disinfection_list"),
    path("disinfection/add/", food_safety.disinfection_add, name="disinfection_add"),
    path("disinfection/<int:pk>/", food_safety.disinfection_detail, name="disinfection_detail"),
    path("disinfection/<int:pk>/correct/", food_safety.disinfection_edit, name="disinfection_edit"),
    path("meals/", food_safety.meal_counts, name="meal_counts"),
    path("purchase/", food_safety.purchase, name="purchase"),
    path("dishes/", menus.dish_list, name="dish_list"),
    path("dishes/add/", menus.dish_add, name="dish_add"),
    path("dishes/<int:pk>/", menus.dish_detail, name="dish_detail"),
    path("dishes/<int:pk>/edit/", menus.dish_edit, name="dish_edit"),
    path("ingredients/", menus.ingredient_list, name="ingredient_list"),
    path("ingredients/import/", menus.ingredient_import, name="ingredient_import"),
    path("ingredients/<int:pk>/edit/", menus.ingredient_edit, name="ingredient_edit"),
    path("menus/", menus.menu_list, name="menu_list"),
    path("menus/edit/", menus.menu_edit, name="menu_edit"),
    path("menus/<int:pk>/", menus.menu_detail, name="menu_detail"),
    path("menus/<int:pk>/publish/", menus.menu_publish, name="menu_publish"),
    path("nutrition/", menus.nutrition, name="nutrition"),
    path("nutrition/weigh/", menus.weighing, name="weighing"),
    path("parent/child/<int:pk>/menu/", menus.parent_menu, name="parent_menu"),
]
