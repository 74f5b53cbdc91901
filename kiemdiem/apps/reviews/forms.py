"""Parsing the cell's forms; the rules live in the services, not here."""

from __future__ import annotations

from typing import Any

from django import forms

from kiemdiem.apps.core import textlimits
from kiemdiem.apps.core.choices import RatingChoice
from kiemdiem.apps.core.forms import PointsField, ReviewForm, sections
from kiemdiem.apps.members.models import Member

from .models import CollectiveReport

# Dates are typed and shown dd/mm/yyyy whatever the browser's language.
DATE = forms.DateInput(
    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y"
)
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
# 24-hour HH:MM typed as text: a time input shows AM/PM in some browsers.
TIME = forms.TimeInput(attrs={"placeholder": "HH:MM", "inputmode": "numeric"}, format="%H:%M")


def _text(label: str, rows: int = 4, limit: int = textlimits.SECTION) -> forms.CharField:
    """A free text with its length stated under it and held by the browser."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=False,
        max_length=limit,
        help_text=f"Tối đa {limit:,} ký tự".replace(",", "."),
    )


# Mẫu 01's sections in the paper's order, with the height of each text area.
SECTION_ROWS = {"results": 6, "shortcomings": 5, "remedy": 4, "suggestions": 3, "direction": 4}


class ReportForm(ReviewForm):
    """Báo cáo kiểm điểm tập thể (Mẫu 01) as the cell or the office drafts it."""

    SECTIONS = tuple(SECTION_ROWS)

    class Meta:
        model = CollectiveReport
        fields = (*SECTION_ROWS, "general_points", "results_points", "self_rating")
        field_classes = {"general_points": PointsField, "results_points": PointsField}
        widgets = sections(SECTION_ROWS)

    def __init__(self, *args: Any, scored: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not scored:
            del self.fields["general_points"], self.fields["results_points"]


class CirculateForm(forms.Form):
    circulated_on = forms.DateField(
        label="Ngày gửi dự thảo đến người dự họp", widget=DATE, input_formats=DATE_FORMATS
    )
    accept_late = forms.CharField(
        label="Lý do gửi muộn (nếu gửi chưa đủ số ngày quy định)",
        required=False,
        max_length=500,
    )


class CommentForm(forms.Form):
    body = forms.CharField(label="Ý kiến góp ý", widget=forms.Textarea(attrs={"rows": 3}))


class MinutesForm(forms.Form):
    held_on = forms.DateField(label="Ngày họp", widget=DATE, input_formats=DATE_FORMATS)
    started_at = forms.TimeField(label="Bắt đầu", widget=TIME)
    ended_at = forms.TimeField(label="Kết thúc", widget=TIME)
    chair = forms.ModelChoiceField(label="Chủ trì", queryset=Member.objects.none())
    head_chair = forms.ModelChoiceField(
        label="Chủ trì khi kiểm điểm bí thư chi bộ (cấp phó)",
        queryset=Member.objects.none(),
        required=False,
    )
    secretary = forms.ModelChoiceField(
        label="Thư ký hội nghị (người ghi và ký biên bản)", queryset=Member.objects.none()
    )
    guests = forms.CharField(
        label="Đại biểu dự (cấp ủy cấp trên, đảng ủy viên phụ trách)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    counting_committee = forms.CharField(
        label="Ban kiểm phiếu (họ tên, chức danh)", required=False, max_length=500
    )
    attendees = forms.ModelMultipleChoiceField(
        label="Đảng viên có mặt",
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    conclusion = _text("Kết luận của chủ trì", 3)

    def __init__(self, *args: Any, roll: Any, collective: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("chair", "head_chair", "secretary", "attendees"):
            self.fields[name].queryset = roll  # type: ignore[attr-defined]
        if collective:
            # A collective rates itself in its report: no ballot, no counting committee.
            del self.fields["counting_committee"]
            self.fields["head_chair"].label = "Chủ trì khi kiểm điểm người đứng đầu (cấp phó)"


class ItemForm(forms.Form):
    comments = _text("Ý kiến góp ý tại hội nghị", 2)
    residence_read = forms.BooleanField(label="Đã đọc nhận xét nơi cư trú", required=False)


class TallyForm(forms.Form):
    eligible = forms.IntegerField(label="Có quyền biểu quyết", min_value=0)
    present = forms.IntegerField(label="Có mặt", min_value=0)
    issued = forms.IntegerField(label="Phiếu phát ra", min_value=0)
    valid = forms.IntegerField(label="Phiếu hợp lệ", min_value=0)

    def __init__(self, *args: Any, scale: tuple[str, ...], labels: dict[str, str], **kw: Any):
        super().__init__(*args, **kw)
        self.scale = scale
        for code in scale:
            self.fields[f"n_{code}"] = forms.IntegerField(
                label=labels[code], min_value=0, required=False
            )

    def counts(self) -> dict[str, int]:
        return {code: self.cleaned_data.get(f"n_{code}") or 0 for code in self.scale}


class RecordForm(forms.Form):
    """A member's residence comment (from the residence's cell) and civil-service rating."""

    residence = forms.CharField(label="Nơi cư trú", required=False, max_length=255)
    comment = forms.CharField(
        label="Nhận xét của chi ủy nơi cư trú",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    satisfactory = forms.BooleanField(
        label="Thực hiện tốt nghĩa vụ nơi cư trú", required=False, initial=True
    )
    civil_service = forms.ChoiceField(
        label="Xếp loại công chức, viên chức",
        choices=[("", "—"), *RatingChoice.choices],
        required=False,
    )
