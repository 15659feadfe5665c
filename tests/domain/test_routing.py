from console.domain.routing import AgentLoad, CaseNeeds, Strategy, choose

SUPPORT = frozenset({"Support"})


def agent(user_id, open_cases=0, capacity=5, present=True, last=0, teams=SUPPORT, **skills):
    return AgentLoad(user_id, teams, present, open_cases, capacity, last_assigned_ms=last, **skills)


def test_round_robin_gives_it_to_whoever_waited_longest():
    agents = [agent("ana", last=300), agent("bo", last=100), agent("cy", last=200)]
    assignment = choose(CaseNeeds("Support"), agents)
    assert (assignment.user_id, assignment.reason) == ("bo", "next in turn in Support")


def test_least_loaded_gives_it_to_the_most_spare_capacity():
    agents = [
        agent("ana", open_cases=1, capacity=2),
        agent("bo", open_cases=3, capacity=10),
        agent("cy", 4, 5),
    ]
    assignment = choose(CaseNeeds("Support"), agents, Strategy.LEAST_LOADED)
    assert assignment.user_id == "bo" and "3/10 open" in assignment.reason


def test_skills_filter_by_language_and_network_and_empty_means_any():
    agents = [
        agent("ana", languages=frozenset({"pt"}), last=1),
        agent("bo", networks=frozenset({"instagram"}), last=2),
        agent("cy", languages=frozenset({"en", "es"}), networks=frozenset({"x"}), last=3),
    ]
    assert choose(CaseNeeds("Support", "es", "x"), agents).user_id == "cy"
    assert choose(CaseNeeds("Support", "pt", "instagram"), agents).user_id == "ana"
    assert choose(CaseNeeds("Support", "und", "instagram"), agents).user_id == "ana"  # unknown: anyone


def test_nobody_suitable_means_the_holding_queue_with_the_reason():
    assert choose(CaseNeeds("Legal"), [agent("ana")]).reason == "holding: no agent in Legal"
    away = [agent("ana", present=False)]
    assert choose(CaseNeeds("Support"), away).reason == "holding: nobody in Support is present"
    full = [agent("ana", open_cases=5), agent("bo", open_cases=6)]
    assert choose(CaseNeeds("Support"), full).user_id is None
    assert "at capacity" in choose(CaseNeeds("Support"), full).reason
    german = [agent("ana", languages=frozenset({"en"}))]
    assert (
        choose(CaseNeeds("Support", "de", "x"), german).reason
        == "holding: nobody present in Support covers de and x"
    )
