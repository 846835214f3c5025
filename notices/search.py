"""Chinese-aware search: a segmented token column and the query that reads it.

Why not pg_trgm? A trigram index cannot serve a two-character pattern such as
低保 or 棚改 (there is no full trigram in it), so PostgreSQL would scan every
row. Instead each searchable row keeps `search_tokens`: its text cut into
overlapping CJK bigrams (社区低保 → 社区 区低 低保) plus lower-cased ASCII words
and numbers, each token once. A query is cut the same way and all its tokens
must be present. On PostgreSQL that is
`to_tsvector('simple', search_tokens) @@ to_tsquery('simple', 't1 & t2')`,
served by a GIN index on the same expression (created by migration only on
PostgreSQL); the 'simple' configuration neither stems nor drops stop words, so
tokens match exactly. SQLite, the zero-setup default, falls back to substring
matching on the same column and scans.
"""

import re

from django.db import connection
from django.db.models import Lookup, Q, QuerySet, TextField

# CJK Unified Ideographs with extension A, and the compatibility block.
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ASCII_WORD = re.compile(r"[a-z0-9]+")
TOKEN_SPLIT = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")
MAX_QUERY_TOKENS = 12


def tokens(text: str) -> list[str]:
    """Bigrams of every CJK run (a lone character stands for itself) and ASCII words, in order."""
    found: list[str] = []
    for part in TOKEN_SPLIT.split((text or "").lower()):
        if not part:
            continue
        if CJK_RUN.fullmatch(part):
            found.extend([part] if len(part) == 1 else [part[i : i + 2] for i in range(len(part) - 1)])
        else:
            found.extend(ASCII_WORD.findall(part))
    return found


def search_tokens(*texts: str) -> str:
    """The value stored in a `search_tokens` column: each distinct token once, space-separated."""
    seen: dict[str, None] = {}
    for text in texts:
        for token in tokens(text):
            seen.setdefault(token, None)
    return " ".join(seen)


def tsquery(query: str) -> str:
    """A to_tsquery() string requiring every token of `query`; a lone CJK character matches as a prefix."""
    wanted = list(dict.fromkeys(tokens(query)))[:MAX_QUERY_TOKENS]
    return " & ".join(f"{t}:*" if CJK_RUN.fullmatch(t) and len(t) == 1 else t for t in wanted)


class SearchTokensField(TextField):
    """A TextField holding search_tokens(); adds the `matches` lookup that the GIN index serves."""


@SearchTokensField.register_lookup
class TokensMatch(Lookup):
    lookup_name = "matches"

    def as_sql(self, compiler, conn):
        lhs, lhs_params = self.process_lhs(compiler, conn)
        rhs, rhs_params = self.process_rhs(compiler, conn)
        # Must stay identical to the indexed expression (see the migration).
        sql = f"to_tsvector('simple'::regconfig, {lhs}) @@ to_tsquery('simple'::regconfig, {rhs})"
        return sql, [*lhs_params, *rhs_params]


def filter_by_tokens(queryset: QuerySet, query: str, field: str = "search_tokens") -> QuerySet:
    """Rows whose token column holds every token of `query` (all rows if the query has none)."""
    wanted = tokens(query)
    if not wanted:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(**{f"{field}__matches": tsquery(query)})
    condition = Q()
    for token in dict.fromkeys(wanted):
        condition &= Q(**{f"{field}__contains": token})
    return queryset.filter(condition)
