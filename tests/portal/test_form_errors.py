"""A form posted from another page tells its errors as messages on the page the user goes back to."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from portal.forms import form_errors, show_form_errors


class NoteForm(forms.Form):
    title = forms.CharField(label="标题")
    days = forms.IntegerField(label="天数")

    def clean(self):
        raise forms.ValidationError("整张表不对")


def request_with_messages():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_each_error_is_led_by_its_field_label_and_form_wide_errors_stand_alone():
    form = NoteForm({"title": "", "days": "x"})
    assert form_errors(form) == ["标题: 这个字段是必填项。", "天数: 输入整数。", "整张表不对"]


def test_errors_become_one_message_each():
    request = request_with_messages()
    show_form_errors(request, NoteForm({"title": "", "days": "1"}))
    assert [str(m) for m in get_messages(request)] == ["标题: 这个字段是必填项。", "整张表不对"]


def test_a_summary_gathers_them_in_one_message():
    request = request_with_messages()
    show_form_errors(request, NoteForm({"title": "", "days": "1"}), "没有保存：%(e)s")
    assert [str(m) for m in get_messages(request)] == ["没有保存：标题: 这个字段是必填项。; 整张表不对"]
