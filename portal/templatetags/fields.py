"""Form fields drawn by includes/fields.html: Bootstrap 5 markup without crispy-forms on the hot pages.

crispy-forms builds each field from half a dozen nested templates; on the request and meeting pages
that was most of the render. These filters give the one template what it needs: the field's kind, its
widget with Bootstrap's classes (and Django's own required / aria-invalid / aria-describedby), and
its errors and help text, in the same markup crispy's bootstrap5 pack gave.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def field_kind(field: forms.BoundField) -> str:
    """checkbox, radio, file, select or input: which of the template's shapes draws the field."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "radio"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


BOOTSTRAP_CLASS = {"checkbox": "form-check-input", "select": "form-select", "file": "form-control"}


@register.filter
def control(field: forms.BoundField) -> str:
    """The field's widget with Bootstrap's class (and crispy's widget-name class before it)."""
    kind = field_kind(field)
    classes = [BOOTSTRAP_CLASS.get(kind, "form-control")]
    if kind != "file":
        classes.insert(0, field.field.widget.__class__.__name__.lower())
    if own := field.field.widget.attrs.get("class"):
        classes.append(own)
    if field.errors:
        classes.append("is-invalid")
    return _widget_html(field, {"class": " ".join(classes)})


def _widget_html(field: forms.BoundField, attrs: dict) -> str:
    """What `field.as_widget(attrs=attrs)` gives, written here for the common widgets.

    Django draws each widget through two to four small templates (the options of a select one each);
    on a page of forms that cost more than the rest of the page. Other widgets (a file already
    uploaded, say) still go through Django's templates.
    """
    widget = field.field.widget
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    draw = WIDGET_HTML.get(context["template_name"])
    if draw is None or context.get("is_initial"):
        return widget._render(widget.template_name, {"widget": context}, field.form.renderer)
    return draw(context)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def _input(w: dict) -> str:
    value = "" if w["value"] is None else format_html(' value="{}"', w["value"])
    return format_html('<input type="{}" name="{}"{}{}>', w["type"], w["name"], value, _attrs(w["attrs"]))


def _textarea(w: dict) -> str:
    return format_html('<textarea name="{}"{}>\n{}</textarea>', w["name"], _attrs(w["attrs"]), w["value"] or "")


def _option(o: dict) -> str:
    return format_html('<option value="{}"{}>{}</option>', o["value"], _attrs(o["attrs"]), o["label"])


def _select(w: dict) -> str:
    # Each option is escaped by format_html in _option; the joined lines are safe as they stand.
    parts = []
    for group, options, _index in w["optgroups"]:
        lines = mark_safe("".join(f"\n  {_option(o)}\n" for o in options))  # noqa: S308
        parts.append(format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group, lines) if group else lines)
    options = mark_safe("".join(parts))  # noqa: S308
    return format_html('<select name="{}"{}>{}\n</select>', w["name"], _attrs(w["attrs"]), options)


WIDGET_HTML = {
    "django/forms/widgets/text.html": _input,
    "django/forms/widgets/email.html": _input,
    "django/forms/widgets/number.html": _input,
    "django/forms/widgets/date.html": _input,
    "django/forms/widgets/datetime.html": _input,
    "django/forms/widgets/time.html": _input,
    "django/forms/widgets/url.html": _input,
    "django/forms/widgets/password.html": _input,
    "django/forms/widgets/hidden.html": _input,
    "django/forms/widgets/checkbox.html": _input,
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    # Without a file already uploaded (is_initial), the clearable input is a plain file input.
    "django/forms/widgets/clearable_file_input.html": lambda w: format_html(
        '<input type="{}" name="{}"{}>', w["type"], w["name"], _attrs(w["attrs"])
    ),
    "django/forms/widgets/file.html": _input,
}


@register.filter
def choice_attrs(choice) -> str:
    """One radio button's own attributes (id, required, aria-invalid, checked), as crispy wrote them."""
    attrs = {k: v for k, v in choice.data["attrs"].items() if k != "class"}
    if choice.data["selected"]:
        attrs["checked"] = True
    return flatatt(attrs)


@register.filter
def field_errors(field: forms.BoundField) -> str:
    """The field's errors under it, with the id its control's aria-describedby points to."""
    if not field.errors:
        return ""
    lines = format_html_join(
        "",
        '<p id="error_{}_{}"><strong>{}</strong></p>',
        ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1)),
    )
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field.errors.field_id, lines)


@register.filter
def field_help(field: forms.BoundField) -> str:
    """The field's help text, with the id Django's aria-describedby points to (help texts are ours: safe)."""
    if not field.help_text:
        return ""
    text = mark_safe(str(field.help_text))  # noqa: S308 - written in our forms, as crispy drew it (|safe)
    return format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, text)
