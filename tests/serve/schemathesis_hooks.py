"""Schemathesis hooks for `hall serve`: JSON lines both ways for the batch endpoint."""

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def to_json_lines(ctx, value):
    """A generated array of cases as one JSON document a line; anything else as one line."""
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items).encode()


@schemathesis.deserializer("application/x-ndjson")
def from_json_lines(ctx, response):
    """The answer lines as an array, to validate against the response schema."""
    text = response.content.decode("utf-8")
    # Only "\n" ends a line: `splitlines` would also split at U+2028 and other separators.
    return [json.loads(line) for line in text.split("\n") if line.strip()]
