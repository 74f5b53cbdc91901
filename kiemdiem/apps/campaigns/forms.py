"""Parsing the self-review form; the rules live in the service, not here."""

from __future__ import annotations

from typing import Any

from django import forms

from kiemdiem.apps.core.forms import PointsField, ReviewForm, sections

from .models import PERCENTAGES, RemedyStatus, SelfReview

# Mẫu 02's sections in the paper's order, with the height of each text area.
SECTION_ROWS = {
    "strengths": 4,
    "shortcomings": 4,
    "remedy": 3,
    "suggestions": 2,
    "direction": 3,
    "commitment": 2,
}


class SelfReviewForm(ReviewForm):
    """Bản tự kiểm điểm (Mẫu 02) as the member types it."""

    SECTIONS = tuple(SECTION_ROWS)

    class Meta:
        model = SelfReview
        fields = (
            *SECTION_ROWS,
            *("key_level", "other_level", "general_points", "results_points"),
            *PERCENTAGES,
            "self_rating",
        )
        field_classes = {"general_points": PointsField, "results_points": PointsField}
        widgets = sections(SECTION_ROWS)

    def __init__(
        self,
        *args: object,
        asks_for: str,
        remedy_items: list[dict[str, str]] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        drop = (
            (
                "general_points",
                "results_points",
                "tasks_on_time_pct",
                "tasks_exceeded_pct",
                "targets_completed_pct",
                "tasks_late_pct",
            )
            if asks_for == "criteria"
            else ("key_level", "other_level")
        )
        for name in drop:
            del self.fields[name]
        # Last year's shortcomings, one choice each: fixed / in progress / not fixed.
        self.remedy_texts = [item["text"] for item in remedy_items or []]
        for i, item in enumerate(remedy_items or [], start=1):
            self.fields[f"remedy_{i}"] = forms.ChoiceField(
                label=f"3.{i}. {item['text']}",
                choices=[("", "— chọn mức độ khắc phục —"), *RemedyStatus.choices],
                required=False,
                initial=item.get("status", ""),
            )

    def remedy_items(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (text, self.cleaned_data.get(f"remedy_{i}", ""))
            for i, text in enumerate(self.remedy_texts, start=1)
        )


def _choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class SuggestionForm(forms.Form):
    target = forms.ChoiceField(label="Đối tượng được gợi ý")
    card = forms.CharField(
        label="Số thẻ đảng viên (khi gợi ý cho một đảng viên)", required=False, max_length=20
    )
    content = forms.CharField(
        label="Nội dung gợi ý kiểm điểm", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "target", [("member", "Một đảng viên (ghi số thẻ)"), *targets])


class SupervisorForm(forms.Form):
    cell = forms.ChoiceField(label="Chi bộ")
    member = forms.ChoiceField(label="Đảng ủy viên phụ trách")

    def __init__(
        self,
        *args: Any,
        cells: list[tuple[str, str]],
        members: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "cell", cells)
        _choices(self, "member", members)
