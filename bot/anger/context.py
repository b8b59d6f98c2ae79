"""Words just before a cue in the same clause: do they negate or intensify it?"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.anger.lexicon import WordWindow
from bot.anger.matching import Hit


def words_before(doc: Doc, hit: Hit, window: int) -> tuple[str, tuple[str, ...]]:
    """Return the start of the hit's own token before the hit, and the `window`
    tokens before that token, nearest first, stopping at punctuation.

    The in-token part matters for Chinese, where jieba may keep a negator and the
    cue in one token ("没生气"); in English it is empty.
    """
    span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
    first = span.start if span is not None else 0
    prefix = doc[first].text[: max(0, hit.start - doc[first].idx)].lower()
    if prefix and first > 0 and not doc[first - 1].whitespace_ and not doc[first - 1].is_punct:
        # jieba can split a modifier across tokens: 有/点火/大 holds 有点 before 火大
        prefix = doc[first - 1].lower_ + prefix
    before: list[str] = []
    for token in reversed(doc[max(0, first - window) : first]):
        if token.is_punct:
            break
        before.append(token.lower_)
    return prefix, tuple(before)


def acts_on(rule: WordWindow, doc: Doc, hit: Hit) -> bool:
    """True when one of the rule's words sits within its window before the hit."""
    prefix, before = words_before(doc, hit, rule.window)
    return any(word in rule.words for word in before) or any(
        prefix.endswith(word) for word in rule.words
    )
