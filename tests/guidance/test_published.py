"""Content digests and version references of published trees."""

import pytest

from console.guidance.published import PublishedTree, content_digest, parse_ref, tree_ref


def test_the_digest_ignores_line_endings_only():
    text = "id: a\nversion: 1\n"
    assert (
        content_digest(text)
        == content_digest(text.replace("\n", "\r\n"))
        == content_digest("id: a\rversion: 1\r")
    )
    assert content_digest(text) != content_digest(text + " ")
    assert content_digest(text) != content_digest(text.replace("1", "2"))
    assert len(content_digest(text)) == 64


def test_refs_name_a_version_or_the_latest():
    assert tree_ref("complaint_triage", 2) == "complaint_triage@2"
    assert parse_ref("complaint_triage@2") == ("complaint_triage", 2)
    assert parse_ref("complaint_triage") == ("complaint_triage", None)
    for bad in ("a@", "a@0", "a@two", "a@-1"):
        with pytest.raises(ValueError, match="positive whole number"):
            parse_ref(bad)
    tree = PublishedTree("a", 3, "d", "src", "A", 1, "ana")
    assert tree.ref == "a@3"
