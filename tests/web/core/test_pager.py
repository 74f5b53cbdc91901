"""The pages' navigation (templates/kd/_pager.html): the next and previous pages keep
the list's search and filters."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory


def _links(query: str, number: int) -> dict[str, dict[str, list[str]]]:
    request = RequestFactory().get(f"/ke-hoach/1/quyet-dinh/?{query}")
    page = Paginator(range(1000), 200).get_page(number)
    html = Template('{% include "kd/_pager.html" %}').render(
        Context({"request": request, "page": page})
    )
    out = {}
    for rel in ("prev", "next"):
        marker = f'rel="{rel}"'
        if marker in html:
            href = html.split(marker)[0].rsplit('href="', 1)[1].split('"')[0]
            out[rel] = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
    return out


def test_the_next_and_previous_pages_keep_the_search_and_filters() -> None:
    links = _links("q=Nguy%E1%BB%85n&chua=1&trang=2", 2)
    assert links["prev"] == {"q": ["Nguyễn"], "chua": ["1"], "trang": ["1"]}
    assert links["next"] == {"q": ["Nguyễn"], "chua": ["1"], "trang": ["3"]}


def test_the_first_page_has_no_previous_and_the_last_no_next() -> None:
    assert set(_links("", 1)) == {"next"}
    assert set(_links("trang=5", 5)) == {"prev"}
