"""Tokens in a real browser: a private instance's sign-in, and edits that need a pasted token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.models import TokenRole
from app.store.tokens import create_token
from tests.web.conftest import LiveServer, shot, start_server
from tests.web.corpus import Seeded, seed

pytestmark = pytest.mark.browser


def _server_with_token(tmp_path: Path, **settings: Any) -> tuple[LiveServer, Seeded, str]:
    server = start_server(tmp_path, open_writes=False, **settings)
    with server.session() as s:
        secret = create_token(s, "ana", TokenRole.editor).secret
        s.commit()
    with server.api(secret) as api:
        seeded = seed(api)
    return server, seeded, secret


@pytest.fixture(scope="module")
def private_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Seeded, str]]:
    server, seeded, secret = _server_with_token(tmp_path_factory.mktemp("web-private"), private=True)
    yield server, seeded, secret
    server.stop()


def test_a_private_instance_signs_in_with_the_token_and_edits_with_it(private_site: Any, tab: Any) -> None:
    server, seeded, secret = private_site
    pumps = seeded.attributions["pumps"]
    tab.goto(server.url + "/review")
    tab.wait_for_url(re.compile(r"/login\?next=%2Freview$"))
    tab.get_by_label("API token").fill("cb_not-a-token")
    tab.get_by_role("button", name="Sign in").click()
    assert "unknown or revoked" in tab.locator(".notice.error").inner_text()
    assert tab.evaluate("() => localStorage.getItem('claimbase-token')") is None  # a refused token is not kept
    tab.errors.clear()  # the browser logs the refused sign-in page's 401
    shot(tab, "login")
    tab.get_by_label("API token").fill(secret)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(server.url + "/review")
    tab.locator(f"#q{pumps['id']}").get_by_role("button", name="Confirm").click()
    tab.wait_for_function(f"() => document.querySelector('#q{pumps['id']} .decision').textContent === 'confirmed'")
    tab.locator(f"#q{pumps['id']}").get_by_role("button", name="History").click()
    assert tab.evaluate("() => localStorage.getItem('claimbase-token')") == secret
    tab.locator(f"#history-{pumps['id']} li", has_text="confirmed").wait_for()
    assert "by token:ana" in tab.locator(f"#history-{pumps['id']} li", has_text="confirmed").inner_text()
    tab.get_by_role("button", name="Sign out").click()
    tab.wait_for_url(re.compile(r"/login$"))
    assert tab.evaluate("() => localStorage.getItem('claimbase-token')") is None
    tab.goto(server.url + "/")
    tab.wait_for_url(re.compile(r"/login\?next=%2F$"))
    assert tab.errors == []


def test_edits_without_a_token_explain_where_to_paste_it(tmp_path: Path, tab: Any) -> None:
    server, seeded, secret = _server_with_token(tmp_path)
    try:
        denial = seeded.attributions["denial"]
        tab.goto(server.url + "/review")
        assert "Decisions need an API token" in tab.locator("main").inner_text()
        item = tab.locator(f"#q{denial['id']}")
        item.get_by_role("button", name="Reject").click()
        item.locator(".decision", has_text="API token").wait_for()
        tab.errors.clear()  # the refused request is logged by the browser as a 401
        shot(tab, "review-needs-token")
        tab.get_by_role("link", name="API token", exact=True).click()
        tab.get_by_label("Your token").fill(secret)
        tab.get_by_role("button", name="Save token").click()
        assert "Saved" in tab.locator(".form-status").inner_text()
        assert tab.evaluate("() => localStorage.getItem('claimbase-token')") == secret
        tab.go_back()
        tab.reload()
        tab.locator(f"#q{denial['id']}").get_by_role("button", name="Reject").click()
        tab.wait_for_function(f"() => document.querySelector('#q{denial['id']} .decision').textContent === 'rejected'")
        with server.api() as api:
            assert api.get(f"/api/attributions/{denial['id']}").json()["status"] == "rejected"
        tab.goto(server.url + "/token")
        tab.get_by_role("button", name="Forget it").click()
        assert tab.evaluate("() => localStorage.getItem('claimbase-token')") is None
        assert tab.errors == []
    finally:
        server.stop()
