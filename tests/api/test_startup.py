"""What the API does once at start-up, before it takes traffic."""

from __future__ import annotations

import gc

from api.main import warm_up
from bot.guard import get_guard


def test_warm_up_freezes_the_long_lived_models_out_of_the_collectors_walks() -> None:
    """A full collection walked the guard's and the anger detector's objects (about
    200 ms); after warm-up they sit in the permanent generation and it does not."""
    gc.unfreeze()
    try:
        warm_up()
        frozen = gc.get_freeze_count()
        assert frozen > 100_000  # spaCy vocabularies, jieba's dictionary, the matchers
        guard = get_guard()
        # the collector's generations no longer hold the guard: it is in the permanent one
        assert not any(tracked is guard for tracked in gc.get_objects())
    finally:
        gc.unfreeze()
