from django.urls import path

from .views import catalog, clients, desk, period, requests, track

app_name = "services"

urlpatterns = [
    path("", catalog.catalog, name="catalog"),
    path("items/<int:pk>/", catalog.item_detail, name="item"),
    path("apply/", requests.apply, name="apply"),
    path("track/", track.track, name="track"),
    path("mine/", requests.mine, name="mine"),
    path("requests/<str:reference>/", requests.detail, name="request"),
    path("requests/<str:reference>/do/<slug:action>/", requests.act, name="act"),
    path("requests/<str:reference>/my/<slug:action>/", requests.applicant_act, name="applicant_act"),
    path("requests/<str:reference>/receipt/", requests.receipt, name="receipt"),
    path("requests/<str:reference>/files/<int:pk>/", requests.attachment, name="attachment"),
    path(
        "requests/<str:reference>/files/<int:pk>/thumb/", requests.attachment, {"thumb": True}, name="attachment_thumb"
    ),
    path("requests/<str:reference>/photos/<int:pk>/", requests.event_photo, name="photo"),
    path("requests/<str:reference>/photos/<int:pk>/thumb/", requests.event_photo, {"thumb": True}, name="photo_thumb"),
    path("desk/", desk.desk, name="desk"),
    path("desk/export/", desk.export, name="export"),
    path("desk/period-export/", period.period_export, name="period_export"),
    path("desk/assign/", desk.bulk_assign, name="bulk_assign"),
    path("desk/bulk/", desk.bulk_act, name="bulk_act"),
    path("desk/print/", desk.desk_print, name="desk_print"),
    path("api-keys/", clients.client_list, name="api_clients"),
    path("api-keys/<int:pk>/revoke/", clients.client_revoke, name="api_client_revoke"),
    path("follow-ups/<int:pk>/resolve/", desk.resolve_follow_up, name="resolve_follow_up"),
]
