"""The working-day calendar under the work area: /work/calendar/ (names without a namespace, as /work/ has)."""

from django.urls import path

from .views import calendar

urlpatterns = [
    path("", calendar.calendar_page, name="work_calendar"),
    path("periods/<int:pk>/", calendar.period_edit, name="work_calendar_period"),
    path("periods/<int:pk>/delete/", calendar.period_delete, name="work_calendar_period_delete"),
    path("years/<int:year>/", calendar.year_save, name="work_calendar_year"),
]
