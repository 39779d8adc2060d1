"""Stage 2, validate: turn parsed documents into typed records.

Pydantic checks each document against its model (models.py); its errors are
translated here into diagnostics that name the file, line, field and, where
possible, the fix ("did you mean 'summary'?"). Every document is checked, so
one run reports every problem.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .cache import Memo
from .diagnostics import Diagnostic, did_you_mean
from .fields import Model
from .models import MODELS, UNION_TAGS, Cause, Faq, Fix, Guide, Product
from .sourcemap import Loc, SourceMap, dotted

if TYPE_CHECKING:  # the load stage's output, read here
    from .load import Document

Outcome: TypeAlias = "tuple[Model | None, list[Diagnostic]]"
"""A document's record (None if it is invalid) and its problems."""
RecordMemo: TypeAlias = "Memo[int, tuple[Document, date], Outcome]"
"""Each document's `Outcome`, by the document's id, while it is the same object on the same day."""

__all__ = ["Located", "RecordMemo", "Records", "validate"]

R = TypeVar("R", bound=Model)


@dataclass(frozen=True)
class Located(Generic[R]):
    """A valid record and where it came from, so later stages can point back at it."""

    record: R
    file: str
    source: SourceMap

    def diagnostic(self, loc: Loc, code: str, message: str) -> Diagnostic:
        return Diagnostic(self.file, self.source.at(loc), code, message)


@dataclass
class Records:
    """Every valid record, by kind, in file order."""

    products: list[Located[Product]] = field(default_factory=list)
    guides: list[Located[Guide]] = field(default_factory=list)
    causes: list[Located[Cause]] = field(default_factory=list)
    fixes: list[Located[Fix]] = field(default_factory=list)
    faqs: list[Located[Faq]] = field(default_factory=list)
    broken: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of records that failed validation: references to them are not reported again."""


_LISTS = {"product": "products", "guide": "guides", "cause": "causes", "fix": "fixes", "faq": "faqs"}


def validate(
    documents: list[Document], *, today: date | None = None, cache: RecordMemo | None = None
) -> tuple[Records, list[Diagnostic]]:
    """Validate every document; return the valid records and all problems found.

    `cache`, kept from one run to the next, reuses the outcome for a document
    object it has seen (load hands back the same object for an unchanged file).
    """
    today = today or date.today()
    records = Records()
    problems: list[Diagnostic] = []
    for document in documents:
        fingerprint = (document, today)
        outcome = cache.get(id(document), fingerprint, same=_same_document) if cache is not None else None
        if outcome is None:
            outcome = _validate_document(document, today) if document.parsed else (None, [])
            if cache is not None:
                cache.put(id(document), fingerprint, outcome)
        record, found = outcome
        problems += found
        if record is not None and not found:
            located = Located(record, document.file, document.source)
            getattr(records, _LISTS[document.kind]).append(located)
        else:
            records.broken.update((document.kind, key) for key in _claimed_keys(document))
    if cache is not None:  # forget documents of changed or deleted files
        cache.keep_only({id(document) for document in documents})
    return records, problems


def _same_document(old: tuple[Document, date], new: tuple[Document, date]) -> bool:
    # The very object load handed back (it does so for an unchanged file), on the same day.
    return old[0] is new[0] and old[1] == new[1]


def _validate_document(document: Document, today: date) -> tuple[Model | None, list[Diagnostic]]:
    model = MODELS[document.kind]
    if not isinstance(document.data, dict):
        return None, [_not_a_mapping(document)]
    # A placeholder is written as text, so a file without the word has none to look for.
    todos = list(_placeholders(document.data, ())) if PLACEHOLDER in (document.text or PLACEHOLDER) else []
    problems = [_unfilled(document, model, loc) for loc in todos]
    try:
        record = model.model_validate(document.data)
    except ValidationError as error:
        translated = [_translate(document, model, details) for details in error.errors()]
        # A placeholder is reported once, as a placeholder, not also as a wrong value.
        filled = [d for d, details in zip(translated, error.errors()) if not _under(_clean(details["loc"]), todos)]
        return None, problems + filled
    if problems:
        return None, problems
    return record, _check_record(document, record, today)


# The value `new` writes into fields the author has to fill in.
PLACEHOLDER = "TODO"


def _placeholders(data: Any, loc: Loc):
    """Locations of scaffold placeholders ("TODO ...") left in a document."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _placeholders(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _placeholders(value, (*loc, index))
    elif isinstance(data, str) and data.strip().startswith(PLACEHOLDER):
        yield loc


def _under(loc: Loc, prefixes: list[Loc]) -> bool:
    return any(loc[: len(prefix)] == prefix for prefix in prefixes)


def _unfilled(document: Document, model: type[Model], loc: Loc) -> Diagnostic:
    field_at = max((i for i, part in enumerate(loc) if isinstance(part, str)), default=None)
    help_text = ""
    if field_at is not None:
        info = _field_info(_model_at(model, loc[:field_at]), loc[field_at])
        if info is not None and info.description:
            help_text = ": " + " ".join(info.description.split())
        if info is not None and not info.is_required() and len(loc) == 1:
            help_text += " (optional: fill it in or delete the field)"
    return _at(document, loc, "todo", f"fill in '{dotted(loc)}'{help_text}")


def _check_record(document: Document, record: Model, today: date) -> list[Diagnostic]:
    """Checks that need more than the record itself: its folder, today's date."""
    problems = []
    if isinstance(record, Guide):
        if record.product != document.folder:
            message = (
                f"guide is in content/guides/{document.folder}/ but says product '{record.product}'; "
                f"move the file to content/guides/{record.product}/ or correct 'product'"
            )
            problems.append(_at(document, ("product",), "wrong-folder", message))
        if record.reviewed > today:
            message = f"'reviewed' is {record.reviewed.isoformat()}, which is in the future; use the date you checked the sources"
            problems.append(_at(document, ("reviewed",), "future-date", message))
    return problems


def _claimed_keys(document: Document) -> set[str]:
    """The ids a broken record may have (its 'id', its file name), so references
    to it are not reported as dangling on top of its own problems."""
    data = document.data if isinstance(document.data, dict) else {}
    ids = {PurePosixPath(document.file).stem} | ({data["id"]} if isinstance(data.get("id"), str) else set())
    return {f"{document.folder}/{record_id}" if document.kind == "guide" else record_id for record_id in ids}


def _at(document: Document, loc: Loc, code: str, message: str) -> Diagnostic:
    return Diagnostic(document.file, document.source.at(loc), code, message)


def _not_a_mapping(document: Document) -> Diagnostic:
    if document.data is None:
        message = f"file is empty; a {document.kind} file is a mapping of fields (key: value)"
        return _at(document, (), "empty", message)
    got = type(document.data).__name__
    got = {"list": "a list", "str": "text", "int": "a number", "float": "a number", "bool": "true/false"}.get(got, got)
    message = f"a {document.kind} file must be a mapping of fields (key: value), got {got}"
    return _at(document, (), "not-a-mapping", message)


# --- Translating pydantic errors ---------------------------------------------------


def _clean(raw_loc: tuple[Any, ...]) -> Loc:
    return tuple(part for part in raw_loc if part not in UNION_TAGS)


def _translate(document: Document, model: type[Model], details: ErrorDetails) -> Diagnostic:
    loc = _clean(details["loc"])
    owner = _model_at(model, details["loc"][:-1]) if details["loc"] else model
    code, message = _describe(details, loc, owner)
    return _at(document, loc, code, message)


def _describe(details: ErrorDetails, loc: Loc, owner: type[BaseModel] | None) -> tuple[str, str]:
    kind = details["type"]
    path = dotted(loc)
    name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        noun = getattr(owner, "noun", "this record")
        suggestion = did_you_mean(name, owner.model_fields) if owner else ""
        return "unknown-field", f"'{name}' is not a field of {noun}{suggestion}"
    if kind == "missing":
        parent = f" in {dotted(loc[:-1])}" if len(loc) > 1 else ""
        return "missing-field", f"missing required field '{name}'{parent}"
    if kind in ("too_short", "blank") or (details.get("input") is None and kind.endswith("_type")):
        return "empty", f"'{path}' is empty{_empty_hint(details, name, owner)}"
    if kind in ("bad_id", "reserved_id"):
        return "bad-id", f"{path}: {details['msg']}"
    if kind == "bad_url":
        return "invalid-url", f"{path}: {details['msg']}"
    if kind in ("unsafe_link", "control_character"):
        return kind.replace("_", "-"), f"'{path}' {details['msg']}"
    if kind == "checklist_target":
        return "checklist-target", f"{path or 'checklist item'} {details['msg']}"
    if kind.endswith(("_type", "_parsing")) or kind == "entry_shape":
        return "wrong-type", f"'{path}' {_lower_first(details['msg'])}"
    return "invalid-value", f"'{path}' {_lower_first(details['msg'])}"


def _empty_hint(details: ErrorDetails, name: str, owner: type[BaseModel] | None) -> str:
    is_list = details["type"] == "too_short" or details["type"] == "list_type"
    fields = getattr(owner, "model_fields", {})  # the owner may be a list or a mapping, not a record
    optional = name in fields and not fields[name].is_required()
    if is_list:
        return "; add at least one item or remove it" if optional else "; add at least one item"
    return "; fill it in or remove it" if optional else ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _model_at(model: type[BaseModel], raw_loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the field at `raw_loc` (a pydantic error location)."""
    annotation: Any = model
    for part in raw_loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return None
    return _unwrap(annotation, None)


def _field_info(owner: Any, name: Any):
    """The FieldInfo of `name` on `owner`, a model or a union of models (its first that has it)."""
    options = typing.get_args(owner) if typing.get_origin(owner) in (typing.Union, types.UnionType) else (owner,)
    for option in options:
        option = _unwrap(option, None)
        if isinstance(option, type) and issubclass(option, BaseModel) and name in option.model_fields:
            return option.model_fields[name]
    return None


def _step(annotation: Any, part: Any) -> Any:
    current = _unwrap(annotation, part)
    if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
        info = current.model_fields.get(part)
        return info.annotation if info else None
    return current


def _unwrap(annotation: Any, part: Any) -> Any:
    """Strip Annotated, Optional and list wrappers; pick a tagged union branch by `part`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is list and isinstance(part, int):
            return typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            branch = _tagged(options, part)
            if branch is not None:
                return branch
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _tagged(options: list[Any], tag: Any) -> Any:
    if tag is None:
        return None
    for option in options:
        metadata = getattr(option, "__metadata__", ())
        if any(getattr(item, "tag", None) == tag for item in metadata):
            return option
    return None
