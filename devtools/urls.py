from django.urls import path

from . import views

urlpatterns = [
    path("bench-floor", views.bench_floor, name="bench_floor"),
]
