"""A published tree version: immutable, named by its id and version, identified by its content hash.

The hub stores and replicates these; workstations run them from the cache. The digest is of the
source text as written, line endings aside (a file checked out on Windows is the same tree), so
anyone holding the text can tell whether it is the version that was published.
"""

import hashlib
from dataclasses import dataclass

DIGEST_PREFIX = 12  # characters of the digest shown in lists, as git shows commits


def normalise_source(source: str) -> str:
    """The text as published: CRLF and lone CR line endings become LF, nothing else changes."""
    return source.replace("\r\n", "\n").replace("\r", "\n")


def content_digest(source: str) -> str:
    """The SHA-256 (hex) of ``source`` with its line endings normalised to LF."""
    return hashlib.sha256(normalise_source(source).encode("utf-8")).hexdigest()


def tree_ref(tree_id: str, version: int) -> str:
    """``id@version``: how lists, messages and ``trees show`` name one version (and its row id)."""
    return f"{tree_id}@{version}"


def parse_ref(ref: str) -> tuple[str, int | None]:
    """``complaint_triage@2`` → ("complaint_triage", 2); without ``@`` the version is None (latest).

    Raises ValueError for a version that is not a positive whole number."""
    tree_id, at, version = ref.partition("@")
    if not at:
        return ref, None
    if not version.isdigit() or int(version) < 1:
        raise ValueError(f"{ref!r}: the version after '@' must be a positive whole number")
    return tree_id, int(version)


@dataclass(frozen=True, slots=True)
class PublishedTree:
    tree_id: str
    version: int
    digest: str  # content_digest(source)
    source: str  # the YAML as published (LF line endings); load it with console.guidance.loading.load_tree
    title: str
    published_ms: int
    published_by: str  # the user, or "bundled" for the trees an embedded hub publishes itself

    @property
    def ref(self) -> str:
        return tree_ref(self.tree_id, self.version)
