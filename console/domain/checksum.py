"""The convergence checksum: per replicated table, how many rows and an order-free digest of them.

A row is identified by (id, seq): the hub moves a row to a new change number whenever it changes,
so two copies that agree on every (id, seq) hold the same rows in the same versions. Each pair hashes
to 64 bits (the first eight bytes of MD5 of ``id:seq``, a signed big-endian integer) and a table's
digest is their sum modulo 2**64: order-independent, and unlike XOR a row counted twice does not
cancel out. MD5 because PostgreSQL computes the same function in SQL, so the hub never ships rows
to Python to answer; nothing here is about secrecy.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from hashlib import md5

_MOD = 1 << 64


@dataclass(frozen=True, slots=True)
class TableChecksum:
    count: int
    digest: int  # 0 ≤ digest < 2**64

    def as_json(self) -> dict:
        return {"count": self.count, "digest": f"{self.digest:016x}"}

    def plus(self, other: "TableChecksum") -> "TableChecksum":
        """The checksum of both sets of rows together (digests are sums, so parts add up)."""
        return TableChecksum(self.count + other.count, (self.digest + other.digest) % _MOD)

    @classmethod
    def from_json(cls, value: Mapping) -> "TableChecksum":
        """Raises ValueError (or KeyError/TypeError) on a malformed entry."""
        count, digest = int(value["count"]), int(str(value["digest"]), 16)
        if count < 0 or not 0 <= digest < _MOD:
            raise ValueError(f"checksum entry out of range: {value!r}")
        return cls(count, digest)


def row_hash(row_id: str, seq: int) -> int:
    """The signed 64-bit hash of one row (what ``('x' || substr(md5(…), 1, 16))::bit(64)::bigint`` gives)."""
    digest = md5(f"{row_id}:{seq}".encode(), usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def table_checksum(rows: Iterable[tuple[str, int]]) -> TableChecksum:
    """The checksum of (id, seq) pairs; about 2 µs a row, the cost of a workstation's check.

    Inlined :func:`row_hash`, read unsigned: the sum modulo 2**64 is the same either way.
    """
    count = total = 0
    from_bytes = int.from_bytes
    for row_id, seq in rows:
        total += from_bytes(md5(f"{row_id}:{seq}".encode(), usedforsecurity=False).digest()[:8], "big")
        count += 1
    return TableChecksum(count, total % _MOD)


def from_sum(count: int, total: int | None) -> TableChecksum:
    """A checksum from a count and an exact sum of :func:`row_hash` values computed elsewhere (SQL)."""
    return TableChecksum(count, int(total or 0) % _MOD)


def differing(ours: Mapping[str, TableChecksum], theirs: Mapping[str, TableChecksum]) -> tuple[str, ...]:
    """Tables whose checksums differ; a table missing on one side counts as empty there."""
    empty = TableChecksum(0, 0)
    kinds = ours.keys() | theirs.keys()
    return tuple(sorted(kind for kind in kinds if ours.get(kind, empty) != theirs.get(kind, empty)))
