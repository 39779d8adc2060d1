"""What the generator needs to know about the site it feeds: name, description, URL.

They live in mkdocs.yml (``site_name``, ``site_description``, ``site_url``), the
one place a deployment configures them. The MkDocs plugin passes MkDocs' own
values; the standalone CLI reads them here with a small YAML loader that
understands MkDocs' ``!ENV`` tag (through pyyaml_env_tag, as MkDocs does), so no
MkDocs import is needed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag

from .paths import page_path

__all__ = ["DEFAULT_SITE_URL", "SiteInfo", "load_mkdocs_yaml", "read_site_info"]

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
"""Used when neither mkdocs.yml nor SITE_URL sets one: the `mkdocs serve` address."""


@dataclass(frozen=True)
class SiteInfo:
    name: str = "API Error Guides"
    description: str = ""
    url: str = DEFAULT_SITE_URL

    def __post_init__(self) -> None:
        # Every URL is built by appending a page path, so the base ends in '/'.
        if not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")

    def page_url(self, page: str) -> str:
        """The public URL of a generated page ('deepseek/x.md' → '<site>/deepseek/x/')."""
        return self.url + page_path(page)


class _MkDocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV NAME` or `!ENV [NAME, ..., default]` as MkDocs does; other tags as plain data."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_MkDocsYamlLoader.add_constructor("!ENV", construct_env_tag)  # MkDocs' own reading of the tag
_MkDocsYamlLoader.add_multi_constructor("!", _ignore_tag)
_MkDocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def load_mkdocs_yaml(text: str) -> dict:
    """mkdocs.yml as plain data, with `!ENV` resolved as MkDocs resolves it."""
    return yaml.load(text, Loader=_MkDocsYamlLoader) or {}


def read_site_info(config_file: Path, *, site_url: str | None = None) -> SiteInfo:
    """The site's name, description and URL from `config_file`; `site_url` overrides the URL."""
    config = load_mkdocs_yaml(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    defaults = SiteInfo()
    return SiteInfo(
        name=config.get("site_name") or defaults.name,
        description=config.get("site_description") or defaults.description,
        url=site_url or config.get("site_url") or os.environ.get("SITE_URL") or defaults.url,
    )
