from django.urls import path

from .views import cobuild, files, public, roster

app_name = "members"

urlpatterns = [
    # Public and self-service
    path("committee/", public.committee, name="committee"),
    path("register/", public.register, name="register"),
    path("mine/", public.my_activities, name="my_activities"),
    path("my-unit/", public.my_unit, name="my_unit"),
    # Units and seats
    path("units/", roster.unit_list, name="unit_list"),
    path("units/new/", roster.unit_create, name="unit_create"),
    path("units/<int:pk>/", roster.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", roster.unit_edit, name="unit_edit"),
    path("seats/", roster.seat_list, name="seat_list"),
    path("seats/new/", roster.seat_create, name="seat_create"),
    path("seats/<int:pk>/edit/", roster.seat_edit, name="seat_edit"),
    path("seats/<int:pk>/hand-over/", roster.seat_hand_over, name="seat_hand_over"),
    # Party members and 双报到
    path("party-members/", roster.member_list, name="member_list"),
    path("party-members/new/", roster.member_create, name="member_create"),
    path("party-members/print/", roster.member_print, name="member_print"),
    path("party-members/<int:pk>/edit/", roster.member_edit, name="member_edit"),
    path("registrations/", roster.registration_list, name="registration_list"),
    path("registrations/print/", roster.registration_print, name="registration_print"),
    path("registrations/<int:pk>/confirm/", roster.registration_confirm, name="registration_confirm"),
    path("registrations/<int:pk>/decline/", roster.registration_decline, name="registration_decline"),
    # Agreements, activities, posts, resources
    path("agreements/", cobuild.agreement_list, name="agreement_list"),
    path("agreements/new/", cobuild.agreement_create, name="agreement_create"),
    path("agreements/report/", cobuild.agreement_report, name="agreement_report"),
    path("agreements/report.xlsx", files.agreement_report_xlsx, name="agreement_report_xlsx"),
    path("agreements/<int:pk>/", cobuild.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", cobuild.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/commitments/new/", cobuild.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/edit/", cobuild.commitment_edit, name="commitment_edit"),
    path("activities/", cobuild.activity_list, name="activity_list"),
    path("activities/new/", cobuild.activity_create, name="activity_create"),
    path("activities/<int:pk>/", cobuild.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", cobuild.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/participants/", cobuild.participation_add, name="participation_add"),
    path("participations/<int:pk>/remove/", cobuild.participation_remove, name="participation_remove"),
    path("activities/<int:pk>/photos/", cobuild.photo_add, name="photo_add"),
    path("photos/<int:pk>/<str:size>/", cobuild.photo_file, name="photo_file"),
    path("posts/", cobuild.post_list, name="post_list"),
    path("posts/new/", cobuild.post_create, name="post_create"),
    path("posts/<int:pk>/edit/", cobuild.post_edit, name="post_edit"),
    path("resources/", cobuild.resource_list, name="resource_list"),
    path("resources/new/", cobuild.resource_create, name="resource_create"),
    path("resources/<int:pk>/edit/", cobuild.resource_edit, name="resource_edit"),
    # Excel and reports
    path("roster/template.xlsx", files.roster_template, name="roster_template"),
    path("roster/export.xlsx", files.roster_export, name="roster_export"),
    path("roster/import/", files.roster_import, name="roster_import"),
    path("reports/", files.report_index, name="report_index"),
    path("reports/home-unit/<int:pk>.xlsx", files.home_unit_report, name="home_unit_report"),
]
