"""Which replies are suggested to an agent, and how a suggestion's use is recorded."""

from __future__ import annotations

from api.models.enums import SuggestionUse
from api.services.suggestion_choice import (
    DEESCALATE,
    DETAILS,
    SANDWICH,
    Choice,
    Reading,
    Why,
    category_of,
    choose,
    suggestion_use,
)


def test_complaint_intents_map_to_their_category() -> None:
    assert category_of("complain_late_delivery") == "late_delivery"
    assert category_of("request_refund") == "refund"
    assert category_of("greet") is None
    assert category_of(None) is None


def test_primary_is_the_sandwich_for_the_latest_messages_category() -> None:
    chosen = choose(Reading("complain_lost_parcel", 0.93, angry=False))
    assert chosen[0] == Choice(SANDWICH, "lost_parcel", Why.CATEGORY)


def test_an_angry_customer_gets_a_deescalation_alternative_first() -> None:
    chosen = choose(Reading("complain_billing", 0.9, angry=True))
    assert chosen[1] == Choice(DEESCALATE, "billing", Why.ANGRY)


def test_low_confidence_offers_a_request_for_details() -> None:
    chosen = choose(Reading("complain_wrong_item", 0.41, angry=False))
    assert chosen[0].category == "wrong_item"
    assert Choice(DETAILS, None, Why.LOW_CONFIDENCE) in chosen[1:]


def test_without_a_complaint_intent_the_tickets_category_leads() -> None:
    chosen = choose(Reading("inform", 0.97, angry=False, ticket_category="damaged_goods"))
    assert chosen[0] == Choice(SANDWICH, "damaged_goods", Why.TICKET_CATEGORY)


def test_an_earlier_complaint_is_offered_when_it_differs() -> None:
    chosen = choose(Reading("request_refund", 0.9, angry=False, earlier_categories=("billing",)))
    assert chosen[0] == Choice(SANDWICH, "refund", Why.CATEGORY)
    assert Choice(SANDWICH, "billing", Why.EARLIER_CATEGORY) in chosen[1:]


def test_nothing_recognised_asks_for_details() -> None:
    assert choose(Reading("greet", 0.99, angry=False))[0] == Choice(DETAILS, None, Why.NO_CATEGORY)
    assert choose(Reading("nlu_fallback", 0.3, angry=False))[0].why is Why.LOW_CONFIDENCE


def test_one_or_two_alternatives_never_repeat_the_primary() -> None:
    readings = [
        Reading("complain_billing", 0.95, angry=False),
        Reading("complain_billing", 0.3, True, "refund", ("lost_parcel", "billing")),
        Reading(None, None, angry=True),
        Reading("greet", 0.99, angry=False, ticket_category="refund"),
    ]
    for reading in readings:
        chosen = choose(reading)
        assert 2 <= len(chosen) <= 3, reading
        keys = [(c.response, c.category) for c in chosen]
        assert len(set(keys)) == len(keys), reading


def test_a_calm_confident_message_gets_an_apology_first_alternative() -> None:
    chosen = choose(Reading("complain_product_defect", 0.95, angry=False))
    assert chosen[1:] == [Choice(DEESCALATE, "product_defect", Why.APOLOGY_FIRST)]


def test_sending_the_inserted_suggestion_unchanged_is_as_is() -> None:
    text = "What I will do: check it.\n\nWhat you can do: wait."
    assert suggestion_use(text + "  ", text, None) == (SuggestionUse.AS_IS, text)


def test_changing_the_inserted_suggestion_is_edited() -> None:
    assert suggestion_use("Hello Anna, ...", "Hello, ...", "x") == (
        SuggestionUse.EDITED,
        "Hello, ...",
    )


def test_writing_your_own_while_a_suggestion_was_shown_is_rejected() -> None:
    assert suggestion_use("My own words", None, "Shown") == (SuggestionUse.REJECTED, "Shown")
    assert suggestion_use("My own words", None, None) == (None, None)
