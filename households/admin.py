from django.contrib import admin

from .models import Building, Campaign, CarePairing, Grid, Household, HouseholdTag, Member, Question


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    fields = ["name", "relation", "phone", "user"]
    raw_id_fields = ["user"]


class TagInline(admin.TabularInline):
    model = HouseholdTag
    extra = 0
    fields = ["tag"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["__str__", "community"]
    list_filter = ["community"]
    search_fields = ["name", "door"]
    raw_id_fields = ["building"]
    inlines = [MemberInline, TagInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.community_id = form.instance.community_id
            obj.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "worker"]
    list_filter = ["community"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "community", "grid"]
    list_filter = ["community"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "status", "starts_on", "ends_on"]
    list_filter = ["community", "status"]
    inlines = [QuestionInline]


@admin.register(CarePairing)
class CarePairingAdmin(admin.ModelAdmin):
    list_display = ["household", "member", "cadence_days", "last_visit_on"]
    raw_id_fields = ["household", "member"]
