"""Splitting a bound query into the full-text part that drives it and the other conditions.

The words ANDed at the top of a query (with any NOT words beside them) become one full-text
query: the index finds the candidates, ranks them when there are few, and the other
conditions are checked on those candidates only. Text nested under OR with a field filter
cannot drive; it becomes a condition like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core.search import bound, text_match
from ncen_core.search.bound import Bound, TextTerm
from ncen_core.search.text_match import TextExpr


@dataclass(frozen=True)
class Shape:
    """``text`` drives (None: no words at the top) and ``rest`` filters.

    ``free_text`` is what was typed as free words at the top ("" when none): identifier and
    name search look it up, and then check ``beside_free``, the query without those words.
    """

    text: TextExpr | None
    rest: Bound
    free_text: str
    beside_free: Bound


def shape(query: Bound) -> Shape:
    """The shape of a bound query (which must not be :data:`bound.NOTHING`)."""
    items = query.items if isinstance(query, bound.AllOf) else (query,)
    positives: list[TextExpr] = []
    negatives: list[tuple[Bound, TextExpr]] = []
    others: list[Bound] = []
    for item in items:
        found = text_expr(item)
        if found is not None:
            positives.append(found)
        elif isinstance(item, bound.NoneOf) and text_expr(item.item) is not None:
            negatives.append((item, text_expr(item.item)))
        else:
            others.append(item)
    free_terms = [i for i in items if isinstance(i, TextTerm) and i.free]
    free = " ".join(term.words.source for term in free_terms)
    beside_free = bound.all_of([i for i in items if i not in free_terms])
    if not positives:
        rest = bound.all_of(others + [item for item, _expr in negatives])
        return Shape(None, rest, free, beside_free)
    excluded = tuple(expr for _item, expr in negatives)
    text = (positives[0] if len(positives) == 1 and not excluded
            else text_match.AllOf(tuple(positives), excluded))
    return Shape(text, bound.all_of(others), free, beside_free)


def text_expr(node: Bound) -> TextExpr | None:
    """``node`` as one full-text expression, or None when it is not text alone."""
    if isinstance(node, TextTerm):
        return node.words
    if isinstance(node, bound.AnyOf):
        items = [text_expr(item) for item in node.items]
        return None if None in items else text_match.AnyOf(tuple(items))
    if isinstance(node, bound.AllOf):
        positives, negatives = [], []
        for item in node.items:
            found = text_expr(item)
            if found is not None:
                positives.append(found)
            elif isinstance(item, bound.NoneOf) and text_expr(item.item) is not None:
                negatives.append(text_expr(item.item))
            else:
                return None
        return text_match.AllOf(tuple(positives), tuple(negatives)) if positives else None
    return None
