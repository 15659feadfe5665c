"""Recorded HTTP exchanges, read from the cassette formats client libraries record their tests in, so
an import can treat each response as if it had just been fetched, and tests can serve them back.

Three formats, told apart by their shape, not their file name:

* VCR.py YAML (``interactions:``; headers as lists; ``status: {code, message}``; bodies as
  ``{string: ...}`` — text, or bytes tagged ``!!binary``);
* Betamax JSON (``http_interactions`` or ``interactions``; ``body: {string | base64_string, encoding}``);
* R vcr YAML (``http_interactions:``; headers as strings; ``status: 200`` or ``{status_code, message}``).

A gzip body (some are stored compressed, as the server sent it) is unpacked. Anything else a reader
cannot make sense of raises :class:`RecordingError` with the file and the interaction's position.
"""

import base64
import gzip
import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml


class RecordingError(ValueError):
    """A file that is not a cassette, or an interaction in it that cannot be read."""


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and the response it got."""

    method: str
    url: str
    request_body: bytes
    status: int
    headers: Mapping[str, str]  # the response's, lower-cased names, repeated values joined by ", "
    body: bytes

    def json(self) -> object:
        """The response body as JSON; RecordingError when it is not."""
        try:
            return json.loads(self.body)
        except (UnicodeDecodeError, ValueError) as failure:
            raise RecordingError(f"{self.method} {self.url}: the body is not JSON ({failure})") from None


def read_recording(path: Path) -> list[Exchange]:
    """Every exchange in the cassette at ``path``, in recorded order."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as failure:
        raise RecordingError(f"{path}: cannot be read ({failure})") from None
    return parse_recording(text, str(path))


def parse_recording(text: str, name: str = "<recording>") -> list[Exchange]:
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=_Loader)
    except (ValueError, yaml.YAMLError) as failure:
        raise RecordingError(f"{name}: neither JSON nor YAML ({failure})") from None
    if not isinstance(data, Mapping):
        raise RecordingError(f"{name}: not a cassette (no interactions)")
    interactions = data.get("interactions", data.get("http_interactions"))
    if not isinstance(interactions, list):
        raise RecordingError(f"{name}: not a cassette (no interactions)")
    exchanges = []
    for position, interaction in enumerate(interactions):
        try:
            exchanges.append(_exchange(interaction))
        except (KeyError, TypeError, ValueError, AttributeError) as failure:
            raise RecordingError(f"{name}: interaction {position}: cannot be read ({failure!r})") from None
    return exchanges


def is_recording(text: str) -> bool:
    """Whether ``text`` looks like a cassette rather than a raw response body (cheap: no parsing)."""
    return _CASSETTE_KEY.search(text[:4096]) is not None


_CASSETTE_KEY = re.compile(r'^\s*"?(?:http_)?interactions"?\s*:', re.MULTILINE)


class _Loader(yaml.SafeLoader):
    """Safe YAML with the C-free loader; ``!!binary`` is part of the safe set already."""


def _exchange(interaction: Mapping) -> Exchange:
    request, response = interaction["request"], interaction["response"]
    headers = _headers(response.get("headers") or {})
    return Exchange(
        method=str(request.get("method", "GET")).upper(),
        url=str(request.get("uri") or request.get("url") or response.get("url") or ""),
        request_body=_bytes(request.get("body")),
        status=_status(response.get("status")),
        headers=headers,
        body=_unpacked(_bytes(response.get("body")), headers.get("content-encoding", "")),
    )


def _status(status: object) -> int:
    if isinstance(status, Mapping):
        status = status.get("code", status.get("status_code"))
    return int(status)  # type: ignore[arg-type]


def _headers(headers: Mapping) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in headers.items():
        values = value if isinstance(value, list) else [value]
        out[str(name).lower()] = ", ".join(str(v) for v in values)
    return out


def _bytes(body: object) -> bytes:
    """A recorded body in any of its spellings, as bytes."""
    if body is None:
        return b""
    if isinstance(body, Mapping):
        if body.get("base64_string"):
            return base64.b64decode(body["base64_string"])
        return _bytes(body.get("string", b""))
    if isinstance(body, bytes):
        return body
    return str(body).encode("utf-8")


def _unpacked(body: bytes, encoding: str) -> bytes:
    """A body stored as the server compressed it, unpacked; one stored already decoded, as it is."""
    if body[:2] == b"\x1f\x8b":
        return gzip.decompress(body)
    if "deflate" in encoding.lower():
        try:
            return zlib.decompress(body)
        except zlib.error:
            return body
    return body
