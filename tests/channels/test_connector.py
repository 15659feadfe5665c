"""What an HTTP exchange means for a post: the three words every connector speaks."""

import email.utils

import httpx
import pytest

from console.channels.connector import (
    PermanentError,
    TransientError,
    UncertainError,
    error_for_exception,
    error_for_response,
    retry_after,
)


def answer(status: int, **headers) -> httpx.Response:
    return httpx.Response(
        status, headers=headers, request=httpx.Request("POST", "https://network.invalid/post")
    )


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, PermanentError),  # the network says what is wrong with the post: it will not get better
        (401, PermanentError),
        (403, PermanentError),
        (404, PermanentError),
        (422, PermanentError),
        (408, TransientError),
        (429, TransientError),
        (503, TransientError),  # not taken: try later
        (500, UncertainError),  # it may have posted before it failed: check first
        (502, UncertainError),
        (504, UncertainError),
    ],
)
def test_an_unsuccessful_answer_maps_to_what_the_publisher_should_do(status, kind):
    error = error_for_response(answer(status))
    assert type(error) is kind and f"HTTP {status}" in error.reason


def test_a_successful_answer_is_no_error_and_a_connector_may_word_the_reason():
    assert error_for_response(answer(201)) is None
    assert error_for_response(answer(403), "the account is suspended").reason == "the account is suspended"


def test_retry_after_is_honoured_in_seconds_or_as_a_date():
    assert error_for_response(answer(429, **{"Retry-After": "120"})).retry_after_s == 120
    later = email.utils.formatdate(1_000_090, usegmt=True)
    assert retry_after(answer(503, **{"Retry-After": later}), now_s=1_000_000) == 90
    assert retry_after(answer(503, **{"Retry-After": "soon"})) is None
    assert error_for_response(answer(503)).retry_after_s is None


@pytest.mark.parametrize(
    ("raised", "kind"),
    [
        (httpx.ConnectError("refused"), TransientError),  # never left: safe to send again
        (httpx.ConnectTimeout("slow"), TransientError),
        (httpx.PoolTimeout("busy"), TransientError),
        (httpx.ReadTimeout("no answer"), UncertainError),  # sent, answer lost
        (httpx.ReadError("reset by peer"), UncertainError),
        (httpx.RemoteProtocolError("closed mid-response"), UncertainError),
        (httpx.WriteTimeout("half sent"), UncertainError),
        (httpx.UnsupportedProtocol("ftp"), PermanentError),
    ],
)
@pytest.mark.asyncio
async def test_a_failed_exchange_maps_to_what_the_publisher_should_do(raised, kind):
    def fail(request: httpx.Request) -> httpx.Response:
        raise raised

    async with httpx.AsyncClient(transport=httpx.MockTransport(fail)) as client:
        with pytest.raises(httpx.HTTPError) as caught:
            await client.post("https://network.invalid/post", json={"text": "hello"})
    assert type(error_for_exception(caught.value)) is kind


def test_a_retry_after_of_unicode_digits_is_not_a_number():
    assert retry_after(httpx.Response(429, headers={"Retry-After": "²".encode("latin-1")})) is None
