"""The content model's field types: what an id, a URL, a text or Markdown may hold.

Each type validates and documents itself: the `Annotated` validators run as a
record is validated, and `WithJsonSchema` is what editors see (schema.py).
`Model` is the base of every record.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from .paths import RESERVED_PRODUCT_IDS
from .sanitize import UnsafeMarkdown, safe_markdown

__all__ = [
    "ENDPOINT",
    "MAX_ID_LENGTH",
    "SLUG_PATTERN",
    "ApiUrl",
    "Code",
    "EnvVar",
    "ErrorName",
    "GuideRef",
    "InlineMarkdown",
    "Markdown",
    "Model",
    "ProductId",
    "Slug",
    "Text",
    "Url",
]

MAX_ID_LENGTH = 64
"""Ids become URLs and file names; file systems refuse names much longer than this."""
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
GUIDE_REF_PATTERN = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*$"
ENV_VAR_PATTERN = r"^[A-Z][A-Z0-9_]*$"

# --- Field types -------------------------------------------------------------


def _slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _check_slug(value: str) -> str:
    if len(value) > MAX_ID_LENGTH:
        raise PydanticCustomError(
            "bad_id",
            "'{start}…' is {length} characters long; ids become URLs and file names, "
            "so keep them to {limit}",
            {"start": value[:20], "length": len(value), "limit": MAX_ID_LENGTH},
        )
    if not re.fullmatch(SLUG_PATTERN, value):
        suggestion = _slugify(value)
        hint = f", e.g. '{suggestion}'" if suggestion else ""
        raise PydanticCustomError(
            "bad_id",
            "'{value}' is not a valid id; ids are lowercase words joined by hyphens "
            "(they become URLs){hint}",
            {"value": value, "hint": hint},
        )
    if value == "index":
        raise PydanticCustomError("reserved_id", "'index' is reserved for index pages; choose another id")
    return value


def _check_guide_ref(value: str) -> str:
    if len(value) > 2 * MAX_ID_LENGTH + 1 or not re.fullmatch(GUIDE_REF_PATTERN, value):
        raise PydanticCustomError(
            "bad_id",
            "'{value}' is not a guide reference; write 'guide-id' for a guide of the same product "
            "or 'product/guide-id' for another product's guide",
            {"value": value},
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "is empty")
    return value.strip()


def _code_block(value: str) -> str:
    # Keep the code's own indentation; drop only blank lines around it.
    if not value.strip():
        raise PydanticCustomError("blank", "is empty")
    return value.strip("\n").rstrip()


# Characters that could end a Markdown link early or start HTML; a real URL
# writes them percent-encoded (a space as %20).
_URL_BREAKERS = re.compile(r"[\s<>\"`{}|\\^\[\]]")


def _check_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError("bad_url", "'{value}' is not an http(s) URL", {"value": value})
    breaker = _URL_BREAKERS.search(value.replace(parts.netloc, "", 1))
    if breaker or value.count("(") != value.count(")"):
        character = breaker.group() if breaker else "(" if value.count("(") > value.count(")") else ")"
        raise PydanticCustomError(
            "bad_url",
            "'{value}' contains {character}; write it percent-encoded ({encoded})",
            {"value": value, "character": repr(character), "encoded": f"%{ord(character):02X}"},
        )
    return value


def _one_line(value: str) -> str:
    if "\n" in value:
        raise PydanticCustomError("one_line", "must be one line; it is shown in a heading, list item or link")
    return value


def _safe_markdown(value: str) -> str:
    try:
        return safe_markdown(value)
    except UnsafeMarkdown as error:
        raise PydanticCustomError(error.code.replace("-", "_"), str(error)) from None


# Characters that would end the code span the error name is shown in, or start HTML in a link.
_NOT_IN_NAMES = re.compile(r"[`<{|]")


def _plain_name(value: str) -> str:
    match = _NOT_IN_NAMES.search(value)
    if match:
        raise PydanticCustomError(
            "plain_name",
            "may not contain {character}; write the vendor's error name as plain text",
            {"character": repr(match.group())},
        )
    return value


def _check_env_var(value: str) -> str:
    if not re.fullmatch(ENV_VAR_PATTERN, value):
        raise PydanticCustomError(
            "bad_env_var", "'{value}' is not an environment variable name like 'VENDOR_API_KEY'", {"value": value}
        )
    return value


def _not_reserved(value: str) -> str:
    # Product ids become top-level URL folders; paths.py says which are the site's own.
    if value in RESERVED_PRODUCT_IDS:
        raise PydanticCustomError(
            "reserved_id", "'{value}' is reserved (/{value}/ is used by the site itself); choose another id", {"value": value}
        )
    return value


Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_ID_LENGTH}),
]
ProductId = Annotated[Slug, AfterValidator(_not_reserved)]
GuideRef = Annotated[
    str, AfterValidator(_check_guide_ref), WithJsonSchema({"type": "string", "pattern": GUIDE_REF_PATTERN})
]
Text = Annotated[str, AfterValidator(_not_blank), WithJsonSchema({"type": "string", "minLength": 1})]
"""Plain text shown verbatim in a code block (an error message as the API prints it)."""
Markdown = Annotated[
    str, AfterValidator(_not_blank), AfterValidator(_safe_markdown), WithJsonSchema({"type": "string", "minLength": 1})
]
"""Markdown, made safe to publish (see sanitize.py): raw HTML is escaped, unsafe links refused."""
InlineMarkdown = Annotated[
    str,
    AfterValidator(_not_blank),
    AfterValidator(_one_line),
    AfterValidator(_safe_markdown),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": "^[^\\n]*$"}),
]
"""One line of Markdown (a title, a list item), made safe to publish like Markdown."""
ErrorName = Annotated[
    str,
    AfterValidator(_not_blank),
    AfterValidator(_one_line),
    AfterValidator(_plain_name),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": "^[^\\n`<{|]*$"}),
]
"""A vendor's error name, shown as code and in links: one line of plain text."""
Code = Annotated[str, AfterValidator(_code_block), WithJsonSchema({"type": "string", "minLength": 1})]
Url = Annotated[str, AfterValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri"})]
class _Endpoint:
    """Marks a URL that programs call rather than a page readers open."""


ENDPOINT = _Endpoint()
ApiUrl = Annotated[Url, ENDPOINT]
"""A URL programs call (an API's base URL): the link check only asks that its host answers."""
EnvVar = Annotated[str, AfterValidator(_check_env_var), WithJsonSchema({"type": "string", "pattern": ENV_VAR_PATTERN})]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    noun: ClassVar[str]
    """What authors call this kind of record in messages, e.g. "checklist item"."""
