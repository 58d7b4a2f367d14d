"""Cutting a query into tokens: words, phrases, field filters, operators and parentheses.

Nothing typed is ever special to the database: the lexer only recognises the query
language's own syntax, and everything else stays text that the compiler passes as
parameters. Positions are 1-based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ncen_core.search.errors import QuerySyntaxError
from ncen_core.search.nodes import Filter

WORD = "word"
PHRASE = "phrase"
FIELD = "field"
LPAREN = "("
RPAREN = ")"
AND = "AND"
OR = "OR"
NOT = "NOT"
MINUS = "-"
END = "end"

OPERATOR_WORDS = frozenset({AND, OR, NOT})
_STOP = frozenset('()"')
_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?):(.*)$", re.DOTALL)
_COMPARATORS = (">=", "<=", ">", "<", "=")
MIN_PREFIX = 2


@dataclass(frozen=True)
class Token:
    """One token; ``text`` is the word or phrase, ``filter`` is set for field tokens."""

    kind: str
    text: str
    position: int
    prefix: bool = False
    filter: Filter | None = None


def tokenize(query: str) -> list[Token]:
    """The tokens of ``query``, ending with an END token."""
    tokens: list[Token] = []
    i = 0
    while i < len(query):
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(Token(char, char, i + 1))
            i += 1
        elif char == '"':
            start = i
            text, i, prefix = _phrase(query, start)
            tokens.append(Token(PHRASE, text, start + 1, prefix=prefix))
        elif char == "-" and i + 1 < len(query) and not (query[i + 1].isspace()
                                                         or query[i + 1] == ")"):
            tokens.append(Token(MINUS, char, i + 1))
            i += 1
        else:
            token, i = _word(query, i)
            tokens.append(token)
    tokens.append(Token(END, "", len(query) + 1))
    return tokens


def _phrase(query: str, start: int) -> tuple[str, int, bool]:
    """Text between quotes at ``start``; returns it, the index after it, and a trailing '*'."""
    close = query.find('"', start + 1)
    if close < 0:
        raise QuerySyntaxError(len(query) + 1,
                               f"expected '\"' to close the phrase opened at position {start + 1}")
    end = close + 1
    prefix = end < len(query) and query[end] == "*"
    return query[start + 1:close], end + prefix, prefix


def _word(query: str, start: int) -> tuple[Token, int]:
    end = start
    while end < len(query) and not query[end].isspace() and query[end] not in _STOP:
        end += 1
    word = query[start:end]
    position = start + 1
    if word in OPERATOR_WORDS:
        return Token(word, word, position), end
    match = _FIELD.match(word)
    if match:
        return _field(query, match.group(1), match.group(2), position, end)
    if word.endswith("*"):
        stem = word.rstrip("*")
        if sum(c.isalnum() for c in stem) < MIN_PREFIX:
            raise QuerySyntaxError(position, f"a prefix needs at least {MIN_PREFIX} letters or "
                                             f"digits before '*' (e.g. heroi*)")
        return Token(WORD, stem, position, prefix=True), end
    return Token(WORD, word, position), end


def _field(query: str, name: str, rest: str, position: int, end: int) -> tuple[Token, int]:
    value_position = position + len(name) + 1
    if not rest:
        if end < len(query) and query[end] == '"':
            text, end, _prefix = _phrase(query, end)
            found = Filter(name.lower(), "=", text, position, value_position + 1)
            return Token(FIELD, name, position, filter=found), end
        raise QuerySyntaxError(value_position, f"expected a value after '{name}:'")
    op = next((c for c in _COMPARATORS if rest.startswith(c)), "=")
    if rest.startswith(op):
        rest = rest[len(op):]
        value_position += len(op)
    if op != "=" and not rest:
        raise QuerySyntaxError(value_position, f"expected a value after '{name}:{op}'")
    if op == "=" and ".." in rest:
        low, _dots, high = rest.partition("..")
        if not low and not high:
            raise QuerySyntaxError(value_position, "expected a value before or after '..'")
        found = Filter(name.lower(), "..", low, position, value_position, upper=high)
    else:
        found = Filter(name.lower(), op, rest, position, value_position)
    return Token(FIELD, name, position, filter=found), end
