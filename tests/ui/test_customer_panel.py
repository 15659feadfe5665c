"""The customer panel: identities, suggestions with reasons, past cases, notes, history, and its actions."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select

from console.domain.mutation import MutationKind
from console.hub.schema import identities, mentions
from console.ui.customer_panel import CustomerPanel
from console.ui.customer_widgets import NetworkPill
from tests.ui.conftest import until
from tests.ui.customer_world import DAY, T0, build

NINA_BLUESKY = "nina-reports.bsky.social"


def hub_row(world, handle):
    with world.engine.connect() as connection:
        identity = connection.execute(select(identities).where(identities.c.handle == handle)).one()
        case_id = connection.scalar(
            select(mentions.c.case_id)
            .where(mentions.c.author_handle == handle)
            .order_by(mentions.c.created_ms)
        )
    return identity, case_id


def shown(qtbot, qloop, world, case_id) -> CustomerPanel:
    panel = CustomerPanel(world.service, clock=lambda: T0 + 3 * DAY)
    qtbot.addWidget(panel)
    panel.resize(520, 900)
    panel.show()
    panel.show_case(case_id)
    qloop.run_until_complete(until(lambda: panel.profile is not None))
    return panel


def texts(box) -> list[str]:
    return [label.text() for label in box.findChildren(QLabel)]


def test_the_profile_shows_identities_a_suggestion_with_its_reasons_and_past_cases(
    qtbot, qloop, cache, tmp_path
):
    world = build(tmp_path, cache)
    _identity, case_id = hub_row(world, NINA_BLUESKY)
    panel = shown(qtbot, qloop, world, case_id)
    assert panel.name.text() == "Nina Adeyemi"
    assert [pill.text for pill in panel.identities.findChildren(NetworkPill)] == ["Bluesky"]
    assert NINA_BLUESKY in texts(panel.identities)
    suggestion = texts(panel.suggestions)
    assert "• same name: “Nina Adeyemi” and “Nina Adeyemi”" in suggestion and "@nina_adeyemi" in suggestion
    assert panel.cases_title.text().startswith("Past cases (1) · sentiment too few cases")
    assert not panel.warning.isVisible()
    unlink = panel.identities.findChild(QPushButton, "customerUnlink")
    assert not unlink.isEnabled()  # an only identity cannot be split off
    assert panel.accessibleName() == "Customer profile"


def test_confirm_dismiss_tier_and_note_each_queue_one_mutation(qtbot, qloop, cache, tmp_path):
    world = build(tmp_path, cache)
    nina, case_id = hub_row(world, NINA_BLUESKY)
    other, _ = hub_row(world, "@nina_adeyemi")
    panel = shown(qtbot, qloop, world, case_id)
    confirm = panel.suggestions.findChild(QPushButton, "customerConfirm")
    dismiss = panel.suggestions.findChild(QPushButton, "customerDismiss")
    qloop.run_until_complete(panel._confirm_clicked(panel.profile.suggestions[0].suggestion, confirm))
    qloop.run_until_complete(panel._dismiss_clicked(panel.profile.suggestions[0].suggestion, dismiss))
    panel.tier.setCurrentIndex(panel.tier.findData("vip"))
    qloop.run_until_complete(panel._tier_chosen(panel.tier.currentIndex()))
    panel.note_text.setPlainText("Journalist: route to comms")
    qloop.run_until_complete(panel._note_clicked())
    assert panel.note_text.toPlainText() == ""
    assert panel.status.text().startswith("Sent to the hub")
    queued = qloop.run_until_complete(world.outbox.pending(world.agent.id))
    me, them = nina.customer_id, other.customer_id
    assert [(m.kind, m.case_id, dict(m.payload)) for m in queued] == [
        (MutationKind.LINK_IDENTITY, case_id, {"customer_id": me, "other_customer_id": them}),
        (MutationKind.DISMISS_LINK, case_id, {"customer_id": me, "other_customer_id": them}),
        (MutationKind.CUSTOMER_TIER, case_id, {"customer_id": me, "tier": "vip"}),
        (MutationKind.CUSTOMER_NOTE, case_id, {"customer_id": me, "text": "Journalist: route to comms"}),
    ]


def test_a_link_applied_by_the_hub_shows_both_identities_the_warning_and_unlink_asks_first(
    qtbot, qloop, cache, tmp_path
):
    world = build(tmp_path, cache)
    nina, case_id = hub_row(world, NINA_BLUESKY)
    other, _ = hub_row(world, "@nina_adeyemi")
    panel = shown(qtbot, qloop, world, case_id)
    linked_at = T0 + 3 * DAY - 2 * 3600_000
    world.act(
        MutationKind.LINK_IDENTITY, case_id, linked_at, customer_id=nina.customer_id, identity_id=other.id
    )
    panel.apply_changes(world.sync())
    qloop.run_until_complete(until(lambda: len(panel.profile.customer.identities) == 2))
    assert [pill.text for pill in panel.identities.findChildren(NetworkPill)] == ["Bluesky", "X"]
    assert (
        panel.warning.isVisible() and "linked into this customer 2h ago by Ana Silva" in panel.warning.text()
    )
    history = texts(panel.history)
    assert any("Ana Silva linked @nina_adeyemi" in text for text in history)
    assert not any("merged this customer" in text for text in history)  # the same step, told once
    assert not panel.suggestions.isVisible()

    asked = []
    panel.confirm = lambda title, text: asked.append(text) or False
    x_identity = panel.profile.customer.identities[1]
    button = panel.identities.findChildren(QPushButton, "customerUnlink")[1]
    assert button.isEnabled() and panel._unlink_clicked(x_identity, button) is None
    assert "Split @nina_adeyemi off from Nina Adeyemi?" in asked[0]
    assert qloop.run_until_complete(world.outbox.pending(world.agent.id)) == []
    panel.confirm = lambda title, text: True
    qloop.run_until_complete(panel._unlink_clicked(x_identity, button))
    (queued,) = qloop.run_until_complete(world.outbox.pending(world.agent.id))
    assert (queued.kind, dict(queued.payload)) == (MutationKind.UNLINK_IDENTITY, {"identity_id": other.id})


def test_a_case_without_a_profile_says_so_and_the_sparkline_paints_each_case(qtbot, qloop, cache, tmp_path):
    world = build(tmp_path, cache)
    panel = CustomerPanel(world.service)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_case("no-such-case")
    qloop.run_until_complete(until(lambda: panel._load.done()))
    assert panel.profile is None and panel.empty.isVisible() and not panel.identities.isVisible()
    panel.sparkline.resize(200, 44)
    panel.sparkline.set_values([-0.8, 0.0, 0.6])
    low, middle, high = panel.sparkline.points()
    assert low.y() > middle.y() > high.y() and low.x() < middle.x() < high.x()
    assert panel.sparkline.accessibleDescription() == "-0.80, +0.00, +0.60"
    assert not panel.sparkline.grab().isNull()


def test_in_a_conversation_of_several_customers_the_one_being_read_is_shown(qtbot, qloop, cache, tmp_path):
    from sqlalchemy import func

    from console.storage.schema import mentions as cached

    world = build(tmp_path, cache)
    case_id = cache.read_sync(
        lambda c: c.scalar(
            select(cached.c.case_id)
            .where(cached.c.from_brand.is_(False))
            .group_by(cached.c.case_id)
            .having(func.count(func.distinct(cached.c.author_handle)) > 1)
            .limit(1)
        )
    )
    handles = cache.read_sync(
        lambda c: c.scalars(
            select(cached.c.author_handle).where(cached.c.case_id == case_id).order_by(cached.c.created_ms)
        ).all()
    )
    first, other = handles[0], next(h for h in handles if h != handles[0])
    opener = qloop.run_until_complete(world.service.for_case(case_id))
    reader = qloop.run_until_complete(world.service.for_case(case_id, other))
    assert first in {i.handle for i in opener.customer.identities}
    assert (
        other in {i.handle for i in reader.customer.identities} and reader.customer.id != opener.customer.id
    )
    panel = CustomerPanel(world.service)
    qtbot.addWidget(panel)
    panel.show_case(case_id, other)
    qloop.run_until_complete(until(lambda: panel.profile is not None))
    assert panel.profile.customer.id == reader.customer.id


def test_every_control_of_the_profile_is_named_and_described(qtbot, qloop, cache, tmp_path):
    from console.ui.accessible import undescribed, unnamed

    world = build(tmp_path, cache)
    _identity, case_id = hub_row(world, NINA_BLUESKY)
    panel = shown(qtbot, qloop, world, case_id)
    assert unnamed(panel) == []
    assert undescribed(panel) == []
    panel.note_text.setFocus()
    qtbot.keyClicks(panel.note_text, "VIP")
    qtbot.keyClick(panel.note_text, Qt.Key.Key_Tab)
    assert panel.note_text.toPlainText() == "VIP" and panel.add_note.hasFocus()  # Tab leaves the note
