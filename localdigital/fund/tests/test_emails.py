from decimal import Decimal

from localdigital.fund.emails import BidDecided


def test_a_bid_title_with_a_line_break_gives_a_one_line_subject():
    decided = BidDecided(
        title="Bins\r\nBid",
        reference="LDF-1",
        round_name="R1",
        funded=False,
        amount=Decimal(1),
        feedback="Thanks",
    )

    subject, _body = decided.render()

    assert subject == "Your bid has not been funded: Bins Bid"


def test_a_funded_bid_is_told_the_amount():
    decided = BidDecided(
        title="Bins", reference="LDF-1", round_name="R1", funded=True, amount=Decimal(120000), feedback="Good"
    )

    _subject, body = decided.render()

    assert 'will fund your bid "Bins" (LDF-1) with £120,000.' in body
