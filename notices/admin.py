from django.contrib import admin

from .models import Notice, NoticeAttachment


class NoticeAttachmentInline(admin.TabularInline):
    model = NoticeAttachment
    extra = 0
    fields = ["name", "file", "size"]
    readonly_fields = ["size"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """For superusers fixing data; staff write and review notices in the portal itself."""

    list_display = ["title", "community", "category", "state", "pinned", "publish_at", "author", "view_count"]
    list_filter = ["community", "category", "state", "pinned"]
    search_fields = ["title"]
    date_hierarchy = "publish_at"
    raw_id_fields = ["author", "reviewed_by"]
    readonly_fields = ["view_count", "search_tokens"]
    inlines = [NoticeAttachmentInline]
