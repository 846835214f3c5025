from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("plan/", views.plan, name="plan"),
    path("ledger/", views.ledger, name="ledger"),
    path("attendance/<int:year>.xlsx", views.attendance_export, name="attendance_export"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/open/", views.meeting_open, name="open"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/log/", views.meeting_log, name="log"),
    path("<int:pk>/close/", views.meeting_close, name="close"),
    path("<int:pk>/attendance/<int:att>/", views.attendance_mark, name="attendance_mark"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/resolutions/", views.resolution_add, name="resolution_add"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("<int:pk>/minutes/publish/", views.minutes_publish, name="minutes_publish"),
    path("<int:pk>/minutes/return/", views.minutes_return, name="minutes_return"),
    path("<int:pk>/photos/", views.photo_upload, name="photos"),
    path("<int:pk>/photos/<int:photo>/<str:size>/", views.meeting_photo, name="photo"),
    path("<int:pk>/sign-in-sheet/<str:size>/", views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:pk>/print/", views.meeting_print, name="print"),
    path("resolutions/", views.resolution_public_list, name="resolutions"),
    path("resolutions/mine/", views.resolution_follow, name="follow"),
    path("resolutions/<int:pk>/progress/", views.resolution_progress, name="progress"),
    path("resolutions/<int:pk>/edit/", views.resolution_edit, name="resolution_edit"),
    path("escalate/<str:reference>/", views.escalate_view, name="escalate"),
    path("escalations/<int:pk>/resolution/", views.adopt_view, name="escalation_adopt"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/regenerate/", views.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]
