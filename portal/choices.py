"""Choice labels read from a dict built once per field, for models shown many rows to a page."""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels:
    """A model mixin: `get_FOO_display()` without rebuilding the field's choices on every call.

    Django turns a field's choices into a dict (through `make_hashable`) each time a label is asked
    for; a desk page asks two per row, and the profile showed that at a tenth of the render. Only for
    fields whose choices are fixed in the code (TextChoices, lists), never for callable choices.
    """

    def _get_FIELD_display(self, field: models.Field) -> str:
        labels = field.__dict__.get("_choice_labels")
        if labels is None:
            labels = field._choice_labels = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
