"""The review forms take their fields and labels from the models, and leave the rules to
the services."""

from __future__ import annotations

from django.utils.text import capfirst

from kiemdiem.apps.campaigns.forms import SelfReviewForm
from kiemdiem.apps.campaigns.models import SelfReview
from kiemdiem.apps.reviews.forms import ReportForm
from kiemdiem.apps.reviews.models import CollectiveReport


def test_labels_are_the_models_verbose_names_numbered_as_on_the_paper() -> None:
    form = SelfReviewForm(asks_for="points")
    for n, name in enumerate(SelfReviewForm.SECTIONS, start=1):
        verbose = SelfReview._meta.get_field(name).verbose_name
        assert form.fields[name].label == f"{n}. {capfirst(verbose)}"
    assert form.fields["self_rating"].label == "Tự xếp loại"
    report = ReportForm(scored=True)
    assert report.fields["remedy"].label == (
        "3. " + capfirst(CollectiveReport._meta.get_field("remedy").verbose_name)
    )
    assert report.fields["self_rating"].label == "Tự đánh giá, xếp loại"


def test_a_blank_choice_reads_as_a_dash_and_the_rating_scale_follows() -> None:
    choices = list(SelfReviewForm(asks_for="points").fields["self_rating"].choices)
    assert choices[0] == ("", "—")
    assert [v for v, _ in choices[1:]] == list(SelfReview.Rating.values)


def test_the_form_parses_and_leaves_the_limits_to_the_service() -> None:
    # 31 points breaks the model's constraint; the form does not judge it (the service
    # does, naming the field in Vietnamese), nor builds an instance.
    form = SelfReviewForm({"general_points": "31,5", "self_rating": "GOOD"}, asks_for="points")
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["general_points"]) == "31.5"
    assert form.instance.pk is None and form.instance.general_points is None


def test_the_mode_decides_which_fields_are_asked() -> None:
    criteria = SelfReviewForm(asks_for="criteria").fields
    points = SelfReviewForm(asks_for="points").fields
    assert "key_level" in criteria and "general_points" not in criteria
    assert "general_points" in points and "key_level" not in points
    assert "general_points" not in ReportForm(scored=False).fields
