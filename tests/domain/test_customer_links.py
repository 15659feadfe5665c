"""Suggested customer links: normalised handles, folded names, records the brand keeps; never automatic."""

from console.domain.customer import Customer, Identity, Trend, sentiment_trend
from console.domain.customer_links import (
    SUGGEST_AT,
    handle_key,
    name_key,
    plain_handle,
    score,
    suggest,
)


def customer(cid: str, *identities: tuple[str, str, str], name: str = "", **fields) -> Customer:
    linked = tuple(Identity(f"{cid}-{i}", cid, n, h, nm) for i, (n, h, nm) in enumerate(identities))
    return Customer(cid, name or (identities[0][2] if identities else cid), identities=linked, **fields)


def test_handles_are_compared_without_case_at_sign_separators_hosts_or_trailing_digits():
    assert plain_handle("@Maria_Kowal") == "maria_kowal"
    assert plain_handle("@klara@social.example") == "klara"
    assert plain_handle("nina-reports.bsky.social") == "nina-reports"
    assert plain_handle("u/quietlantern") == "quietlantern"
    assert handle_key("@Ana_Gomez84") == handle_key("ana.gomez") == handle_key("ANA-GOMEZ") == "anagomez"
    assert handle_key("@1984") == "1984"  # all digits: kept, not emptied


def test_names_are_folded_and_order_free():
    assert name_key("Lucía Fernández") == name_key("FERNANDEZ, lucia") == "fernandez lucia"
    assert name_key("Klara Weiß") == "klara weiss"


def test_the_same_handle_on_another_network_is_suggested_with_its_reason():
    on_x = customer("a", ("x", "@leo.marchetti", "Leo Marchetti"))
    on_instagram = customer("b", ("instagram", "@leo_marchetti", "Leo M."))
    found = score(on_x, on_instagram)
    assert found.score >= SUGGEST_AT
    assert found.reasons[0] == "similar handle: @leo.marchetti on X, @leo_marchetti on Instagram"
    exact = score(on_x, customer("c", ("instagram", "@Leo.Marchetti", "")))
    assert exact.score > found.score - 10 and exact.reasons[0].startswith("same handle")


def test_a_handle_match_on_the_same_network_is_no_evidence():
    one = customer("a", ("x", "@ana_gomez", ""))
    other = customer("b", ("x", "@anagomez84", ""))
    assert score(one, other).score == 0


def test_records_the_brand_keeps_outweigh_everything():
    one = customer("a", ("x", "@pablo_mtz", "Pablo Martínez"), crm_id="CRM-1", email="pablo@example.com")
    crm = customer("b", ("facebook", "P. M.", "P. M."), crm_id="crm-1 ")
    mail = customer("c", ("reviews", "Pablo", "Pablo"), email="Pablo@Example.com")
    assert score(one, crm).reasons == ("same CRM id CRM-1",) and score(one, crm).score == 80
    assert score(one, mail).reasons[0] == "same e-mail pablo@example.com"


def test_real_cross_network_pair_from_the_demo_feed_is_suggested_by_name():
    # Both authors are in the bundled demo feed: one journalist on Bluesky and on X.
    bluesky = customer("a", ("bluesky", "nina-reports.bsky.social", "Nina Adeyemi"))
    x = customer("b", ("x", "@nina_adeyemi", "Nina Adeyemi"))
    found = score(bluesky, x)
    assert found.score >= SUGGEST_AT
    assert "same name: “Nina Adeyemi” and “Nina Adeyemi”" in found.reasons


def test_a_shared_first_name_alone_is_not_a_suggestion():
    priya = customer("a", ("reviews", "Priya S.", "Priya S."))
    assert score(priya, customer("b", ("facebook", "Priya Nair", "Priya Nair"))).score < SUGGEST_AT
    maria = customer("c", ("x", "@m1", "Maria"))
    assert score(maria, customer("d", ("facebook", "Maria", "Maria"))).score < SUGGEST_AT


def test_suggestions_skip_dismissed_merged_and_itself_and_sort_best_first():
    me = customer("me", ("x", "@ana_gomez", "Ana Gómez"), email="ana@example.com")
    by_mail = customer("mail", ("reviews", "A. G.", ""), email="ana@example.com")
    by_both = customer("both", ("instagram", "@ana.gomez", "Ana Gomez"))
    dismissed = customer("gone", ("facebook", "Ana Gómez", "Ana Gómez"))
    shell = Customer("shell", "Ana Gómez", merged_into="both")
    stranger = customer("x", ("x", "@bob", "Bob"))
    found = suggest(me, [me, by_mail, by_both, dismissed, shell, stranger], dismissed={"gone"})
    assert [s.customer_id for s in found] == ["both", "mail"]
    assert found[0].score == 80 and found[0].reasons[1] == "same name: “Ana Gómez” and “Ana Gomez”"


def test_the_sentiment_trend_compares_the_later_half_of_the_cases_with_the_earlier():
    assert sentiment_trend([-0.8]) is Trend.UNKNOWN
    assert sentiment_trend([-0.8, -0.6, 0.1, 0.4]) is Trend.IMPROVING
    assert sentiment_trend([0.5, 0.3, -0.2]) is Trend.WORSENING
    assert sentiment_trend([-0.3, -0.2, 0.9, -0.3, -0.2]) is Trend.STEADY  # one bright case is no trend
