"""Forms for writing and reviewing notices."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.forms import cap_lengths
from portal.uploads import DocumentUploadField, ImageUploadField
from portal.versioning import VersionedFormMixin

from .models import Notice, NoticeAttachment

MAX_ATTACHMENTS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(DocumentUploadField):
    """Several documents at once, each checked like a DocumentUploadField."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Attach at most %(n)s files at a time."), code="too_many", params={"n": MAX_ATTACHMENTS}
            )
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(AttachmentsField, self).clean(f, initial) for f in files]


class NoticeForm(VersionedFormMixin, forms.ModelForm):
    cover_upload = ImageUploadField(label=_("Cover image"), required=False)
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)
    new_attachments = AttachmentsField(label=_("Attachments"), required=False)

    class Meta:
        model = Notice
        fields = [
            "category",
            "title",
            "summary",
            "body",
            "pinned",
            "publish_at",
            "publicity_from",
            "publicity_to",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "publish_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "publicity_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "publicity_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, preview_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.cover:
            del self.fields["remove_cover"]
        if self.instance.pk:
            self.add_version_field()
        cap_lengths(self, body=50000)
        if preview_url:
            # Live preview: htmx posts only the body (the CSRF token travels as a header).
            self.fields["body"].widget.attrs.update(
                {
                    "data-hx-post": preview_url,
                    "data-hx-trigger": "input changed delay:400ms, load",
                    "data-hx-target": "#notice-preview",
                    "data-hx-params": "body",
                    "aria-describedby": "notice-preview-heading",
                }
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("publicity_from"), data.get("publicity_to")
        if bool(start) != bool(end):
            self.add_error("publicity_to", _("Give both the first and the last day of the publicity period."))
        elif start and end and end < start:
            self.add_error("publicity_to", _("The publicity period cannot end before it starts."))
        return data

    def save(self, community=None, author=None) -> Notice:
        """Create, or save an edit; an edit raises EditConflict if someone else saved since the form was opened."""
        notice = super().save(commit=False)
        creating = notice.pk is None
        if creating:
            notice.community, notice.author = community, author
        old_files = []
        cover = self.cleaned_data.get("cover_upload")
        with transaction.atomic():
            if not creating:
                notice.lock_for_edit(self.cleaned_data.get("version"))
            if cover or self.cleaned_data.get("remove_cover"):
                old_files = [f for f in (notice.cover, notice.cover_thumbnail) if f]
                notice.cover, notice.cover_thumbnail = "", ""
            if cover:
                cover.store(notice.cover, notice.cover_thumbnail)
            if creating:
                notice.save()
            else:
                # Only what this form edits: counters and workflow fields are not the editor's to overwrite.
                notice.save(update_fields=[*self._meta.fields, "cover", "cover_thumbnail", "version", "updated_at"])
            for upload in self.cleaned_data.get("new_attachments") or []:
                NoticeAttachment.objects.create(
                    community=notice.community, notice=notice, file=upload, name=upload.name[-200:], size=upload.size
                )
        for old in old_files:
            old.storage.delete(old.name)
        return notice


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to publish now."),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=300)
