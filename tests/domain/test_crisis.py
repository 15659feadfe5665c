from console.domain.crisis import SpikeDetector, SpikePolicy, topics

BUCKET = SpikePolicy().bucket_ms


def feed(detector, bucket, count, account="acme-x", text="my order is late", negative=True, prefix="m"):
    alerts = []
    for i in range(count):
        at = bucket * BUCKET + i * 1000
        alerts += detector.observe(f"{prefix}{bucket}-{i}", account, text, negative, at)
    return alerts


def test_a_spike_over_a_quiet_baseline_raises_one_alert_with_its_reason():
    detector = SpikeDetector()
    for bucket in range(20):
        assert feed(detector, bucket, 2) == []
    alerts = feed(detector, 20, 12)
    assert [a.key for a in alerts] == ["account:acme-x"]
    (alert,) = alerts
    assert alert.count == 6  # raised once the bucket is 3× its usual 2 (and ≥ min_count, ≥ 3σ above)
    assert alert.bucket_start_ms == 20 * BUCKET and alert.baseline == 2.0
    assert "negative mentions about account acme-x" in alert.reason
    assert feed(detector, 21, 15) == []  # the same storm: one alert, then quiet for the cooldown
    assert detector.recent == (alert,)


def test_a_brand_that_is_always_busy_is_not_always_in_crisis():
    detector = SpikeDetector()
    for bucket in range(30):
        feed(detector, bucket, 20)
    assert feed(detector, 30, 26) == []
    assert feed(detector, 31, 90) != []


def test_topics_are_hashtags_and_watched_terms_across_accounts():
    assert topics("Recall now! #AcmeRecall #fail", ["food poisoning"]) == {"#acmerecall", "#fail"}
    assert topics("got food poisoning at the Lisbon store", ["food poisoning"]) == {"food poisoning"}
    detector = SpikeDetector(watched=["food poisoning"])
    for bucket in range(10):
        feed(detector, bucket, 1, text="slow delivery")
    alerts = []
    for i, account in enumerate(["acme-x", "acme-fb", "acme-ig"] * 3):
        alerts += detector.observe(f"p{i}", account, "food poisoning after lunch", True, 10 * BUCKET + i)
    assert [a.key for a in alerts] == ["topic:food poisoning"]


def test_praise_does_not_count_and_late_stragglers_do_not_rewrite_history():
    detector = SpikeDetector()
    assert feed(detector, 0, 40, negative=False) == []
    feed(detector, 5, 1)
    assert detector.observe("late", "acme-x", "late", True, 1 * BUCKET) == []  # bucket 1 is closed


def test_a_long_silence_costs_little_and_resets_the_baseline():
    detector = SpikeDetector()
    for bucket in range(10):
        feed(detector, bucket, 30)
    assert feed(detector, 10_000_000, 10)  # years later, 10 is a spike again
