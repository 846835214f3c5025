from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"

urlpatterns = [
    path("discovery.<fmt:fmt>", views.discovery, name="discovery"),
    path("services.<fmt:fmt>", views.services, name="services"),
    path("services/<str:code>.<fmt:fmt>", views.service_definition, name="service"),
    path("requests.<fmt:fmt>", views.requests, name="requests"),
    path("requests/<str:reference>.<fmt:fmt>", views.request_detail, name="request"),
    path("media/<int:pk>/", views.media, name="media"),
    path("openapi.json", views.openapi_description, name="openapi"),
]
