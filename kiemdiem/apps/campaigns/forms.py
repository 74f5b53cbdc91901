"""Parsing the self-review form; the rules live in the service, not here."""

from __future__ import annotations

from typing import Any

from django import forms

from kiemdiem.apps.core import textlimits

from .models import RemedyStatus, SelfReview


class PointsField(forms.DecimalField):
    """Points as people type them: "28,5" (the Vietnamese decimal comma) or "28.5"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(decimal_places=1, max_digits=4, required=False, **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def section(label: str, rows: int) -> forms.CharField:
    """A section of the self-review: its length stated under it and held by the browser."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=False,
        max_length=textlimits.SECTION,
        help_text=f"Tối đa {textlimits.SECTION:,} ký tự".replace(",", "."),
    )


class SelfReviewForm(forms.Form):
    strengths = section("1. Ưu điểm", 4)
    shortcomings = section("2. Hạn chế, khuyết điểm và nguyên nhân", 4)
    remedy = section("3. Kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra", 3)
    suggestions = section("4. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)", 2)
    direction = section("5. Phương hướng, biện pháp khắc phục", 3)
    commitment = section("6. Cam kết tu dưỡng, rèn luyện, phấn đấu", 2)
    key_level = forms.ChoiceField(
        label="Tiêu chí chủ yếu (kết quả thực hiện nhiệm vụ)",
        choices=[("", "—"), *SelfReview.Level.choices],
        required=False,
    )
    other_level = forms.ChoiceField(
        label="Các tiêu chí còn lại", choices=[("", "—"), *SelfReview.Level.choices], required=False
    )
    general_points = PointsField(label="Điểm nhóm tiêu chí chung (tối đa 30)")
    results_points = PointsField(label="Điểm nhóm kết quả thực hiện nhiệm vụ (tối đa 70)")
    tasks_on_time_pct = forms.IntegerField(
        label="Tỷ lệ nhiệm vụ hoàn thành đúng hạn (%)", required=False
    )
    tasks_exceeded_pct = forms.IntegerField(label="Tỷ lệ nhiệm vụ vượt yêu cầu (%)", required=False)
    targets_completed_pct = forms.IntegerField(
        label="Tỷ lệ chỉ tiêu, nhiệm vụ hoàn thành (%)", required=False
    )
    tasks_late_pct = forms.IntegerField(label="Tỷ lệ nhiệm vụ chậm tiến độ (%)", required=False)
    proposed = forms.ChoiceField(
        label="Tự xếp loại", choices=[("", "—"), *SelfReview.Rating.choices], required=False
    )

    def __init__(
        self,
        *args: object,
        asks_for: str,
        remedy_items: list[dict[str, str]] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
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
