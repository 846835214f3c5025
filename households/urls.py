from django.urls import path

from . import views, visit

app_name = "households"

urlpatterns = [
    path("", views.index, name="index"),
    path("list/", views.household_list, name="list"),
    path("<int:pk>/", views.household_detail, name="household"),
    path("<int:pk>/request/", views.household_request, name="household_request"),
    path("<int:pk>/pairing/", views.care_pair, name="care_pair"),
    path("template.xlsx", views.households_template, name="template"),
    path("export.xlsx", views.households_export, name="export"),
    path("import/", views.households_import, name="import"),
    path("grids/", views.grid_list, name="grids"),
    path("grids/<int:pk>/", views.grid_edit, name="grid_edit"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/start/", views.campaign_open, name="campaign_open"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/assign/", views.campaign_assign, name="campaign_assign"),
    path("campaigns/<int:pk>/publish/", views.campaign_publish, name="campaign_publish"),
    path("campaigns/<int:pk>/buildings/<int:building>/", views.campaign_building, name="campaign_building"),
    path("campaigns/<int:pk>/households/<int:target>/vacant/", views.target_mark, name="target_mark"),
    path("visits/<int:pk>/request/", views.visit_request, name="visit_request"),
    path("visits/<int:pk>/photo/", views.visit_photo, name="visit_photo"),
    path("visits/<int:pk>/photo/thumb/", views.visit_photo, {"thumb": True}, name="visit_photo_thumb"),
    path("care/", views.care_list, name="care"),
    path("visit/", visit.visit_page, name="visit"),
    path("visit/data/", visit.visit_data, name="visit_data"),
    path("visit/token/", visit.visit_token, name="visit_token"),
    path("visit/sync/", visit.visit_sync, name="visit_sync"),
    path("visit/sw.js", visit.service_worker, name="service_worker"),
    path("visit/manifest.webmanifest", visit.manifest, name="manifest"),
]
