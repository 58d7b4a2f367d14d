"""Parsing the query language into a tree (:mod:`.nodes`), with errors naming the position.

Grammar, loosest binding first::

    query    := or_expr END
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := unary (["AND"] unary)*          terms side by side are ANDed
    unary    := ("NOT" | "-") unary | primary
    primary  := word | "phrase" | field:value | "(" or_expr ")"

Operators are uppercase; ``and``, ``or`` and ``not`` in lowercase are searched as words.
"""

from __future__ import annotations

from ncen_core.search import lexer
from ncen_core.search.errors import QuerySyntaxError
from ncen_core.search.lexer import Token
from ncen_core.search.nodes import And, Node, Not, Or, Text

_TERM_STARTS = frozenset({lexer.WORD, lexer.PHRASE, lexer.FIELD, lexer.LPAREN, lexer.NOT,
                          lexer.MINUS})


def parse(query: str) -> Node:
    """The tree of ``query``; QuerySyntaxError with the position of the first problem."""
    tokens = lexer.tokenize(query)
    if tokens[0].kind == lexer.END:
        raise QuerySyntaxError(1, "the query is empty: type words to find, or field:value")
    parser = _Parser(tokens)
    node = parser.or_expr()
    token = parser.peek()
    if token.kind == lexer.RPAREN:
        raise QuerySyntaxError(token.position, "unexpected ')' with no '(' before it")
    if token.kind != lexer.END:
        raise QuerySyntaxError(token.position, f"unexpected '{token.text}'")
    return node


class _Parser:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.index = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.peek().kind == lexer.OR:
            self.take()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        items = [self.unary()]
        while True:
            kind = self.peek().kind
            if kind == lexer.AND:
                self.take()
            elif kind not in _TERM_STARTS:
                break
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        token = self.peek()
        if token.kind in (lexer.NOT, lexer.MINUS):
            self.take()
            return Not(self.unary(), token.position)
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind in (lexer.WORD, lexer.PHRASE):
            return Text(token.text, token.position, phrase=token.kind == lexer.PHRASE,
                        prefix=token.prefix)
        if token.kind == lexer.FIELD:
            return token.filter
        if token.kind == lexer.LPAREN:
            if self.peek().kind == lexer.RPAREN:
                raise QuerySyntaxError(self.peek().position, "expected a search term after '('")
            node = self.or_expr()
            closing = self.peek()
            if closing.kind != lexer.RPAREN:
                raise QuerySyntaxError(closing.position,
                                       f"expected ')' to close '(' at position {token.position}")
            self.take()
            return node
        raise QuerySyntaxError(token.position, self._missing_term(token))

    def _missing_term(self, token: Token) -> str:
        previous = self.tokens[self.index - 2] if self.index >= 2 else None
        if token.kind == lexer.END:
            after = f" after '{previous.text}'" if previous is not None else ""
            return f"expected a search term{after}"
        if token.kind == lexer.RPAREN:
            return "unexpected ')'" + (f" after '{previous.text}'" if previous else "")
        return f"expected a search term before '{token.text}'"
