"""What search engines read of a page: a guide's schema.org JSON-LD, and meta descriptions.

Not a stage: the templates print both (render), from the linked catalogue.
"""

from __future__ import annotations

import html
import json

from .catalogue import GuidePage
from .siteinfo import SiteInfo
from .text import first_paragraph, plain_text

__all__ = ["json_ld", "meta_description"]


def json_ld(page: GuidePage, site: SiteInfo) -> str:
    """The guide's schema.org data (TechArticle, plus FAQPage when it has questions), as JSON
    that is safe inside a <script> element."""
    guide = page.guide
    url = site.page_url(page.page)
    article = {
        "@context": "https://schema.org",
        "@type": "TechArticle",
        "headline": guide.title,
        "description": plain_text(first_paragraph(guide.summary)),
        "dateModified": guide.reviewed.isoformat(),
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "en",
        "about": {"@type": "Organization", "name": page.product.name},
        "keywords": [*([str(guide.status)] if guide.status else []), guide.error, *guide.tags],
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": site.url},
    }
    data: list[dict] = [article]
    if page.faq:
        data.append(_faq_page(page, url))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # compact: the C encoder
    # '</script>' or '<!--' inside a string would end or confuse the element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _faq_page(page: GuidePage, url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": url,
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(entry.answer)},
            }
            for entry in page.faq
        ],
    }


def meta_description(markdown: str, limit: int = 200) -> str:
    """A page's meta description: the first paragraph as plain text, cut at a word, HTML-escaped
    (themes print it into an attribute as it is)."""
    text = plain_text(first_paragraph(markdown))
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return html.escape(text, quote=True)
