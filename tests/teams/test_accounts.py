"""Sign up, log in, log out, passwords: sessions rotate and die, `next` never leaves the site."""

import logging

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.core import mail

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a different horse entirely 42"


def signup_data(**overrides) -> dict:
    return {"username": "nina", "password1": PASSWORD, "password2": PASSWORD} | overrides


def test_signup_page_has_the_user_creation_fields(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert {"username", "password1", "password2"} <= set(response.context["form"].fields)


def test_signup_creates_the_user_logs_them_in_and_goes_where_they_were_going(client, db):
    response = client.post("/accounts/signup/", signup_data(next="/teams/new/"))
    assert response.status_code == 302
    assert response["Location"] == "/teams/new/"
    user = User.objects.get(username="nina")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_signup_ignores_a_next_that_points_off_site(client, db):
    response = client.post("/accounts/signup/", signup_data(next="https://evil.example/"))
    assert response["Location"] == "/welcome/"


def test_signup_ignores_a_scheme_relative_next(client, db):
    response = client.post("/accounts/signup/", signup_data(next="//evil.example/x"))
    assert response["Location"] == "/welcome/"


def test_signup_with_mismatched_passwords_is_refused_with_400_and_creates_no_user(client, db):
    response = client.post("/accounts/signup/", signup_data(password2="something else 99"))
    assert response.status_code == 400
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(username="nina").exists()
    assert SESSION_KEY not in client.session


def test_signup_applies_django_password_validators(client, db):
    response = client.post("/accounts/signup/", signup_data(password1="12345", password2="12345"))
    assert response.status_code == 400
    assert not User.objects.exists()


def test_signup_refuses_a_taken_username(client, make_user):
    make_user("nina")
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 400
    assert User.objects.filter(username="nina").count() == 1


def test_signup_refuses_get_only_methods_it_does_not_know(client, db):
    assert client.put("/accounts/signup/").status_code == 405


def test_login_goes_where_the_user_was_going(client, make_user):
    make_user("nina")
    response = client.post(
        "/accounts/login/?next=/teams/", {"username": "nina", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/teams/"


def test_login_ignores_a_next_that_points_off_site(client, make_user):
    make_user("nina")
    response = client.post(
        "/accounts/login/",
        {"username": "nina", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_login_with_a_wrong_password_answers_400_with_a_message(client, make_user):
    make_user("nina")
    response = client.post("/accounts/login/", {"username": "nina", "password": "wrong"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert SESSION_KEY not in client.session


def test_login_rotates_the_session_key(client, make_user):
    make_user("nina")
    client.get("/accounts/login/")
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key
    client.post("/accounts/login/", {"username": "nina", "password": PASSWORD})
    assert client.session.session_key != before
    assert client.session[SESSION_KEY]


def test_logout_refuses_get(client, make_user):
    client.force_login(make_user("nina"))
    assert client.get("/accounts/logout/").status_code == 405
    assert SESSION_KEY in client.session


def test_logout_kills_the_session_so_its_cookie_no_longer_signs_in(client, make_user, rf):
    client.force_login(make_user("nina"))
    old_cookie = client.cookies["sessionid"].value
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    client.cookies["sessionid"] = old_cookie
    response = client.get("/teams/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_successful_and_failed_logins_are_logged_without_passwords(client, make_user, caplog):
    make_user("nina")
    with caplog.at_level(logging.INFO, logger="accounts"):
        client.post("/accounts/login/", {"username": "nina", "password": "wrong-secret"})
        client.post("/accounts/login/", {"username": "nina", "password": PASSWORD})
    records = [r for r in caplog.records if r.name == "accounts"]
    messages = [r.getMessage() for r in records]
    assert messages[0] == "login failed user='nina' ip=127.0.0.1"
    assert records[0].levelno == logging.WARNING
    assert messages[1] == "login succeeded user='nina' ip=127.0.0.1"
    assert not any("wrong-secret" in m or PASSWORD in m for m in caplog.messages)


def test_password_change_needs_a_login(client, db):
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_password_change_keeps_the_user_signed_in_with_the_new_password(client, make_user):
    user = make_user("nina")
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/teams/").status_code == 200


def test_password_change_with_a_wrong_old_password_answers_400(client, make_user):
    user = make_user("nina")
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_emails_a_link_that_sets_a_new_password(client, make_user):
    user = make_user("nina", email="nina@example.com")
    response = client.post("/accounts/password/reset/", {"email": "nina@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.removeprefix("http://testserver")
    response = client.get(path, follow=True)  # Django swaps the token for a session marker
    assert response.status_code == 200 and response.context["validlink"]
    set_password_url = response.redirect_chain[-1][0]
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(set_password_url, data).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_does_not_reveal_whether_an_email_is_known(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_password_reset_with_a_bad_link_says_so(client, make_user):
    make_user("nina")
    response = client.get("/accounts/password/reset/MQ/bad-token/")
    assert response.status_code == 200
    assert not response.context["validlink"]
    assert "no longer works" in response.content.decode()


def test_password_reset_with_a_malformed_email_answers_400(client, db):
    assert client.post("/accounts/password/reset/", {"email": "not-an-email"}).status_code == 400


def test_signup_without_a_next_lands_on_a_welcome_with_the_next_step(client, db):
    response = client.post("/accounts/signup/", signup_data(), follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [("/welcome/", 302)]
    assert "Welcome, nina" in html
    assert 'href="/teams/new/">Create a team' in html and "invite link" in html


def test_signup_errors_are_summarised_at_the_top_and_marked_on_each_field(client, db):
    response = client.post("/accounts/signup/", signup_data(password2="something else"))
    html = response.content.decode()
    assert response.status_code == 400
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert 'href="#id_password2"' in summary
    assert 'class="field field-invalid"' in html
    assert 'aria-invalid="true"' in html and 'id="id_password2_error"' in html
    assert '<label for="id_username">Username</label>' in html  # plain label, no colon
