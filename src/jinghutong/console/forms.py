"""Forms into the API's own request schemas: a page builds the same pydantic body the endpoint
takes (e.g. `DispatchIn`), so the limits and rules are the API's; a refusal is a
`ValidationFailed` with the API's Chinese messages, named by the form's labels."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError

from jinghutong.core.errors import ValidationFailed
from jinghutong.core.handlers import validation_fields

M = TypeVar("M", bound=BaseModel)


def refusal(exc: ValidationError, names: dict[str, str] | None = None) -> ValidationFailed:
    fields = validation_fields(cast(list[dict[str, Any]], exc.errors()))
    names = names or {}
    summary = "；".join(f"{names.get(k, k)}：{v}" for k, v in list(fields.items())[:3])
    return ValidationFailed(f"填写的内容有误：{summary}", fields=fields)


def parse(model: type[M], data: dict[str, Any], names: dict[str, str] | None = None) -> M:
    """`model` from the form's values, or a 422 that says which field is wrong, in Chinese."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise refusal(exc, names) from exc
