"""One client address for the API throttle and for sign-in lockouts, forged headers ignored."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from chartweek.clients import client_address
from tests.factories import make_user

PROXY = "10.0.0.1"
EDITOR = "198.51.100.7"
ATTACKER = "203.0.113.66"
OTHER_READER = "192.0.2.44"


def address(*, proxies, remote=PROXY, forwarded=None, settings):
    settings.NUM_PROXIES = proxies
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


def test_with_no_proxy_the_socket_address_counts_and_the_header_is_ignored(settings):
    assert address(proxies=0, remote=ATTACKER, forwarded=EDITOR, settings=settings) == ATTACKER
    assert address(proxies=0, remote=ATTACKER, settings=settings) == ATTACKER


def test_behind_one_proxy_the_rightmost_forwarded_address_counts(settings):
    assert address(proxies=1, forwarded=EDITOR, settings=settings) == EDITOR
    # Whatever the client wrote itself sits to the left, and is never read.
    forged = f"{EDITOR}, 1.1.1.1,{ATTACKER}"
    assert address(proxies=1, forwarded=forged, settings=settings) == ATTACKER


def test_behind_two_proxies_the_second_from_the_right_counts(settings):
    forwarded = f"{EDITOR}, {ATTACKER}, 10.0.0.2"
    assert address(proxies=2, forwarded=forwarded, settings=settings) == ATTACKER


@pytest.mark.parametrize(
    "forwarded",
    ["", "not-an-address", "\x00", "999.1.1.1", ",", "x" * 10_000, f"{EDITOR} {ATTACKER}"],
)
def test_a_missing_or_malformed_header_falls_back_to_the_socket_address(forwarded, settings):
    assert address(proxies=1, forwarded=forwarded, settings=settings) == PROXY


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_socket_address(settings):
    assert address(proxies=2, forwarded=EDITOR, settings=settings) == PROXY
    assert address(proxies=1, settings=settings) == PROXY


def test_ports_and_ipv6_spellings_name_the_same_client(settings):
    assert address(proxies=1, forwarded=f"{EDITOR}:5123", settings=settings) == EDITOR
    assert address(proxies=1, forwarded="[2001:DB8:0::1]:443", settings=settings) == "2001:db8::1"
    assert address(proxies=1, forwarded="2001:db8:0:0::1", settings=settings) == "2001:db8::1"
    assert address(proxies=1, forwarded=f"::ffff:{EDITOR}", settings=settings) == EDITOR


def test_no_address_at_all_is_none(settings):
    assert address(proxies=0, remote="", settings=settings) is None


# The API's anonymous throttle.


def api_statuses(*, count, **meta):
    client = Client(**meta)
    return [client.get(reverse("api:root")).status_code for _ in range(count)]


@pytest.mark.django_db
def test_a_forged_forwarded_header_does_not_bypass_the_throttle(settings):
    settings.API_ANON_RATE = "3/minute"
    client = Client(REMOTE_ADDR=ATTACKER)
    statuses = [
        client.get(reverse("api:root"), HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 429, 429, 429]


@pytest.mark.django_db
def test_behind_a_proxy_each_client_is_throttled_on_its_own(settings):
    settings.API_ANON_RATE = "3/minute"
    settings.NUM_PROXIES = 1
    # A client that forges an address still counts as itself, whatever it writes.
    for n in range(4):
        Client(REMOTE_ADDR=PROXY).get(
            reverse("api:root"), HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}"
        )
    assert api_statuses(count=1, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER) == [429]
    assert api_statuses(count=4, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OTHER_READER) == [
        200,
        200,
        200,
        429,
    ]


# Sign-in lockouts (django-axes).


def fail_sign_ins(settings, **meta):
    client = Client(**meta)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "desk", "password": "wrong"})
    return client


def sign_in(**meta):
    response = Client(**meta).post(
        reverse("admin:login"), {"username": "desk", "password": "the-right-password"}
    )
    return response.status_code


@pytest.mark.django_db
def test_an_attacker_forging_the_editors_address_cannot_lock_the_editor_out(settings):
    make_user(username="desk", password="the-right-password", is_staff=True)
    fail_sign_ins(settings, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=EDITOR)
    assert sign_in(REMOTE_ADDR=ATTACKER) == 429  # the attacker is locked out
    assert sign_in(REMOTE_ADDR=EDITOR) == 302  # the editor signs in


@pytest.mark.django_db
def test_behind_a_proxy_a_forged_header_locks_out_only_the_attacker(settings):
    settings.NUM_PROXIES = 1
    make_user(username="desk", password="the-right-password", is_staff=True)
    fail_sign_ins(settings, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{EDITOR}, {ATTACKER}")
    assert sign_in(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER) == 429
    assert sign_in(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=EDITOR) == 302


@pytest.mark.django_db
def test_behind_a_proxy_two_clients_are_locked_out_separately(settings):
    settings.NUM_PROXIES = 1
    make_user(username="desk", password="the-right-password", is_staff=True)
    fail_sign_ins(settings, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OTHER_READER)
    assert sign_in(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OTHER_READER) == 429
    # Everyone reaches the app from the proxy's address, yet the editor is not locked out.
    assert sign_in(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=EDITOR) == 302


@pytest.mark.django_db
def test_a_malformed_forwarded_header_on_sign_in_is_no_error(settings):
    settings.NUM_PROXIES = 1
    make_user(username="desk", password="the-right-password", is_staff=True)
    assert sign_in(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="\x00, nonsense") == 302


def test_the_setting_reaches_django_rest_framework_unchanged():
    # DRF reads None as "trust the whole header": 0 must stay 0.
    from django.conf import settings

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] is not None
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.NUM_PROXIES
