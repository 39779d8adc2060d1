"""Options of the ``errorguides`` plugin in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ErrorGuidesConfig(Config):
    enabled = c.Type(bool, default=True)
    """Set to false to build the Markdown already in docs_dir without regenerating it."""

    content_dir = c.Type(str, default="content")
    """The folder of YAML records, relative to mkdocs.yml."""

    search = c.Type(bool, default=True)
    """Index the built site with Pagefind after every build (the search box needs it)."""

    highlight_cache = c.Type(bool, default=True)
    """Highlight each distinct code block once per build (see render.py); off only to measure it."""

    one_markdown = c.Type(bool, default=True)
    """Render every page with one Markdown instance per build (see render.py); off only to measure it."""
