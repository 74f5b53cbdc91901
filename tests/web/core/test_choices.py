"""The application's choices carry the engine's codes: data flows to the rules unchanged."""

from kiemdiem.apps.core.choices import CollectiveKind, OrganizationKind, PostTitle
from kiemdiem.rules.facts import COLLECTIVE_KINDS, ORGANIZATION_KINDS, POSTS


def test_kinds_and_posts_are_the_engines_codes() -> None:
    assert tuple(OrganizationKind.values) == ORGANIZATION_KINDS
    assert tuple(CollectiveKind.values) == COLLECTIVE_KINDS
    # The app knows more posts than the rules read; every post the rules read exists.
    assert set(POSTS) <= set(PostTitle.values)
