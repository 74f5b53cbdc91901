"""`{% document_links campaign "minutes" cell.code %}` → "DOCX · PDF" download links."""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html

from kiemdiem.apps.campaigns.models import Campaign

from ..contexts import TITLES

register = template.Library()


@register.simple_tag
def document_links(campaign: Campaign, kind: str, ref: object = "", label: str = "") -> str:
    links = []
    for fmt in ("docx", "pdf"):
        url = reverse("campaign-document", args=[campaign.pk, kind, fmt])
        if ref != "":
            url += f"?doi-tuong={quote(str(ref))}"
        title = f"{TITLES.get(kind, kind)} ({fmt.upper()})"
        links.append(
            format_html('<a href="{}" download title="{}">{}</a>', url, title, fmt.upper())
        )
    prefix = format_html("{}: ", label) if label else ""
    return format_html('<span class="kd-doc">{}{} · {}</span>', prefix, links[0], links[1])
