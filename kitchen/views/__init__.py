"""Kitchen pages. Function views: check role and campus, load through campus.scoping, call a
service for every write, render a mobile-first template. Split by aggregate: ``food_safety`` and
``menus``."""
