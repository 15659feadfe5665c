import pytest

from console.domain.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("still waiting for my refund", "en"),
        ("Mi pedido no ha llegado", "es"),
        ("Vocês entregam no domingo?", "pt"),
        ("Toujours pas remboursé", "fr"),
        ("Seit drei Tagen kein Internet", "de"),
        ("Il rimborso non è ancora arrivato", "it"),
        ("Hoe lang duurt de levering?", "nl"),
        ("Nie działa aplikacja", "pl"),
        ("أين طلبي؟", "ar"),
        ("איפה ההזמנה שלי", "he"),
        ("Где мой заказ?", "ru"),
        ("Де моє замовлення? Дякую", "uk"),
        ("Πού είναι η παραγγελία μου;", "el"),
        ("注文はまだですか", "ja"),
        ("我的订单在哪里", "zh"),
        ("주문이 아직 안 왔어요", "ko"),
        ("मेरा ऑर्डर कहाँ है", "hi"),
        ("คำสั่งซื้อของฉันอยู่ที่ไหน", "th"),
    ],
)
def test_languages_short_texts_included(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["ok", "", "🙏🙏", "@brand https://x.invalid/1", "flight 2231?", "de la"])
def test_unsure_is_unknown_not_a_guess(text):
    assert detect_language(text) == ""
