"""The sign-in and sign-out pages through the TestClient, on both engines: the form names the field that is
wrong and keeps the username typed, shares the API's rate limit and session cookie, returns to a page of this
site only, refuses a form without its token, and an expired session sends a page back through sign-in."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from ngoreg.web.app import create_app
from tests.web.accounts import AT, user
from tests.web.pages.browsing import PASSWORD, Clock, csrf, hidden, sign_in
from tests.web.seed import seed


def _client(url: str) -> tuple[TestClient, Clock]:
    clock = Clock(AT)
    return TestClient(create_app(url, clock=clock, secure_cookies=False)), clock


def test_sign_in_names_the_field_and_keeps_the_username(url: str) -> None:
    seeded = seed(url)
    user(url, "ngo.staff", "foreign_ngo_staff", org=seeded.ngo, password=PASSWORD)
    client, _ = _client(url)
    for lang, label in (("en", "Username"), ("zh", "用户名")):
        page = client.get("/login", params={"lang": lang})
        assert page.status_code == 200 and f'<label for="username">{label}</label>' in page.text
        assert '<label for="password">' in page.text and "<main" in page.text
    form = client.get("/login?lang=en").text
    token = hidden(form, "form_token")
    empty = client.post("/login", data={"username": "ngo.staff", "password": "", "form_token": token})
    assert empty.status_code == 422
    assert "Password: enter your password." in empty.text and 'value="ngo.staff"' in empty.text
    assert 'aria-invalid="true" aria-describedby="password-error"' in empty.text
    token = hidden(empty.text, "form_token")
    no_name = client.post("/login", data={"username": " ", "password": "x", "form_token": token})
    assert no_name.status_code == 422 and "Username: enter the name of your account." in no_name.text
    wrong = client.post("/login", data={"username": "ngo.staff", "password": "not it at all",
                                        "form_token": hidden(no_name.text, "form_token")})  # fmt: skip
    assert wrong.status_code == 401 and 'value="ngo.staff"' in wrong.text
    assert "Username or password: they do not match an account." in wrong.text
    assert "ngoreg_session" not in wrong.cookies
    assert sign_in(client, "ngo.staff") == "/"
    # the same session as the API's: the cookie authenticates it, and the header says who is signed in
    assert client.get("/api/v1/session").json()["username"] == "ngo.staff"
    home = client.get("/?lang=en").text
    assert "Signed in as <strong>Ngo Staff</strong>" in home and 'action="/logout"' in home


def test_the_sign_in_form_needs_its_own_token(url: str) -> None:
    seeded = seed(url)
    user(url, "ngo.staff", "foreign_ngo_staff", org=seeded.ngo, password=PASSWORD)
    client, _ = _client(url)
    forged = client.post("/login?lang=en", data={"username": "ngo.staff", "password": PASSWORD, "form_token": "x"})
    assert forged.status_code == 403 and "expired or came from another site" in forged.text
    assert "ngoreg_session" not in client.cookies
    assert client.get("/api/v1/session").json()["authenticated"] is False


def test_too_many_failures_show_the_wait(url: str) -> None:
    seeded = seed(url)
    user(url, "ngo.staff", "foreign_ngo_staff", org=seeded.ngo, password=PASSWORD)
    client, _ = _client(url)
    token = hidden(client.get("/login").text, "form_token")
    for _ in range(5):
        r = client.post("/login?lang=en", data={"username": "ngo.staff", "password": "wrong", "form_token": token})
        assert r.status_code == 401
        token = hidden(r.text, "form_token")
    limited = client.post("/login?lang=en", data={"username": "ngo.staff", "password": PASSWORD, "form_token": token})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert "Too many failed sign-ins. Try again in 15 minutes." in limited.text
    zh = client.post("/login?lang=zh", data={"username": "ngo.staff", "password": PASSWORD,
                                             "form_token": hidden(limited.text, "form_token")})  # fmt: skip
    assert zh.status_code == 429 and "登录失败次数过多" in zh.text
    # the API counts the same failures
    assert client.post("/api/v1/session", json={"username": "ngo.staff", "password": PASSWORD}).status_code == 429


def test_next_returns_to_a_page_of_this_site_only(url: str) -> None:
    seeded = seed(url)
    user(url, "ngo.staff", "foreign_ngo_staff", org=seeded.ngo, password=PASSWORD)
    for bad in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "evil",
                "/\tevil"):  # fmt: skip
        client, _ = _client(url)
        assert sign_in(client, "ngo.staff", next_=bad) == "/", bad
    client, _ = _client(url)
    assert sign_in(client, "ngo.staff", next_=f"/organisations/{seeded.ngo}?lang=en") == \
        f"/organisations/{seeded.ngo}?lang=en"  # fmt: skip


def test_an_expired_session_signs_in_again_and_returns(url: str) -> None:
    seeded = seed(url)
    user(url, "ngo.staff", "foreign_ngo_staff", org=seeded.ngo, password=PASSWORD)
    client, clock = _client(url)
    page = f"/filings/new?procedure=fngo_office_registration&org={seeded.ngo}"
    first = client.get(page, follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/login?next=/filings/new%3Fprocedure%3Dfngo_office_registration%26org%3D" \
        f"{seeded.ngo}"  # fmt: skip
    login = client.get(first.headers["location"])
    assert hidden(login.text, "next") == page
    assert sign_in(client, "ngo.staff", next_=page) == page
    assert client.get(page, follow_redirects=False).status_code == 200
    clock.advance(timedelta(minutes=31))  # idle longer than the session allows
    again = client.get(page, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/login?next=/filings/new")
    assert sign_in(client, "ngo.staff", next_=page) == page
    assert client.get(page, follow_redirects=False).status_code == 200


def test_sign_out_needs_the_session_token(url: str) -> None:
    seeded = seed(url)
    user(url, "ngo.staff", "foreign_ngo_staff", org=seeded.ngo, password=PASSWORD)
    client, _ = _client(url)
    sign_in(client, "ngo.staff")
    refused = client.post("/logout?lang=en", data={"csrf_token": "forged"}, follow_redirects=False)
    assert refused.status_code == 403 and "did not carry this session" in refused.text
    assert client.get("/api/v1/session").json()["authenticated"] is True
    out = client.post("/logout", data={"csrf_token": csrf(client)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/"
    assert client.get("/api/v1/session").json()["authenticated"] is False
