"""Schemathesis's rejection check, judged on the query string as it was sent.

A query string is text. Schemathesis mutates parameters as JSON values, so some of its
"invalid" requests reach the server as a valid query: a list of one city sent as
``city=X`` is the same text as a list of one; an empty list or object given for
``per_page`` is sent as ``per_page=``, which the contract allows. Its own check
(``negative_data_rejection``, 4.32) reports such a case as an accepted invalid request.

``negative_query_rejection`` replaces it (loaded with ``SCHEMATHESIS_HOOKS``): a case
whose only invalid part is its query, and whose query as sent is valid, is not an
invalid request; every other case is judged by schemathesis's check unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import schemathesis
from jsonschema import Draft202012Validator
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection

WHOLE_NUMBER = re.compile(r"-?[0-9]+\Z")
NOT_QUERY = (
    ParameterLocation.PATH,
    ParameterLocation.HEADER,
    ParameterLocation.COOKIE,
    ParameterLocation.BODY,
)


def _readings(text: str) -> Iterator[Any]:
    """What a server may read one query value as: the text, or the whole number it spells."""
    yield text
    if WHOLE_NUMBER.match(text):
        yield int(text)


def _valid(schema: Mapping[str, Any], texts: list[str]) -> bool:
    validator = Draft202012Validator(dict(schema))
    if schema.get("type") == "array":  # style form, explode: one key=value per item
        return validator.is_valid(texts)
    return len(texts) == 1 and any(validator.is_valid(value) for value in _readings(texts[0]))


def query_is_valid_as_sent(url: str, parameters: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether every parameter of ``url``'s query string is declared and valid as text."""
    sent = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return all(
        name in parameters and _valid(parameters[name], texts) for name, texts in sent.items()
    )


@schemathesis.check
def negative_query_rejection(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis's ``negative_data_rejection``, skipping queries that were valid as sent."""
    meta = case.meta
    only_query = meta is not None and not any(meta.is_negative_at(place) for place in NOT_QUERY)
    if only_query and meta.is_negative_at(ParameterLocation.QUERY):
        declared = case.operation.get_parameter_set(ParameterLocation.QUERY)
        properties = declared.schema.get("properties", {}) if declared else {}
        if query_is_valid_as_sent(response.request.url, properties):
            return None
    result: bool | None = negative_data_rejection(ctx, response, case)
    return result
