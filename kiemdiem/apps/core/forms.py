"""One shape for the review forms (the self-review, the collective report): fields and
labels come from the model's `verbose_name`; what may be saved is the service's to say."""

from __future__ import annotations

from typing import Any

from django import forms

from . import textlimits


class PointsField(forms.DecimalField):
    """Points as people type them: "28,5" (the Vietnamese decimal comma) or "28.5"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(decimal_places=1, max_digits=4, required=False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def sections(rows: dict[str, int]) -> dict[str, forms.Widget]:
    """The free-text sections' widgets: a text area of so many rows each."""
    return {name: forms.Textarea(attrs={"rows": n}) for name, n in rows.items()}


class ReviewForm(forms.ModelForm):  # type: ignore[type-arg]
    """A review form as the model describes it. Subclasses list their free-text sections
    in `SECTIONS`, numbered on the page as on the paper (Mẫu 01, 02).

    The model's own validation is not run on the instance here: a form parses what was
    typed, and the service (`self_review_save`, `report_save`) decides what may be saved
    and names the field of any error in Vietnamese, for pages and API alike."""

    SECTIONS: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, name in enumerate(self.SECTIONS, start=1):
            field = self.fields[name]
            field.label = f"{n}. {field.label}"
            field.required = False
            field.help_text = f"Tối đa {textlimits.SECTION:,} ký tự".replace(",", ".")
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField):
                # The model's blank "---------" written as the paper writes it.
                choices = [(v, label) for v, label in field.choices if v != ""]  # type: ignore[union-attr,misc]
                field.choices = [("", "—"), *choices]

    def _post_clean(self) -> None:
        """Parsing only: no instance is built or validated (forms never save here)."""
