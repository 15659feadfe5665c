"""@mentions of colleagues in an internal note: "@ana can you call her back?" tells Ana.

A mention is ``@`` and a username (letters, digits, ``.``, ``_``, ``-``) not glued to a word before
it, so an e-mail address (``ana@example.com``) mentions nobody. The hub resolves the names against
its user directory; unknown names are plain text.
"""

import re

_MENTION = re.compile(r"(?<![\w@])@([\w][\w.\-]{0,62})", re.UNICODE)


def mentioned_usernames(text: str) -> list[str]:
    """Usernames mentioned in ``text``, case-folded, once each, in order; a trailing ``.`` or ``-``
    (end of a sentence) is not part of the name."""
    found = (match.group(1).rstrip(".-").casefold() for match in _MENTION.finditer(text))
    return list(dict.fromkeys(name for name in found if name))
