"""Web chat users file, `briefbot users`, and the refusal to serve a network without login."""

from __future__ import annotations

import asyncio
import stat

import pytest
from typer.testing import CliRunner

from bot import auth
from bot.cli import app
from bot.errors import ConfigError
from bot.web.server import is_loopback, login_check


def test_added_user_logs_in_with_their_password_only(tmp_path):
    users = tmp_path / "users"
    assert auth.add_user(users, "ann", "correct horse battery")
    assert auth.verify(users, "ann", "correct horse battery")
    assert not auth.verify(users, "ann", "correct horse battery!")
    assert not auth.verify(users, "bob", "correct horse battery")


def test_file_holds_salted_hashes_not_passwords_and_only_owner_reads_it(tmp_path):
    users = tmp_path / "users"
    auth.add_user(users, "ann", "same password 1")
    auth.add_user(users, "bob", "same password 1")
    text = users.read_text()
    assert "same password 1" not in text
    hashes = auth.load_users(users)
    assert hashes["ann"] != hashes["bob"]  # a salt per user
    assert stat.S_IMODE(users.stat().st_mode) == 0o600


def test_adding_again_changes_the_password(tmp_path):
    users = tmp_path / "users"
    auth.add_user(users, "ann", "first password")
    assert not auth.add_user(users, "ann", "second password")
    assert auth.verify(users, "ann", "second password")
    assert not auth.verify(users, "ann", "first password")
    assert list(auth.load_users(users)) == ["ann"]


@pytest.mark.parametrize(
    ("name", "password", "says"),
    [
        ("ann:x", "long enough pw", "user name"),
        ("", "long enough pw", "user name"),
        ("ann", "short", "at least"),
        ("ann", "x" * 73, "at most 72 bytes"),
    ],
)
def test_bad_names_and_passwords_are_refused_with_the_reason(tmp_path, name, password, says):
    with pytest.raises(ConfigError, match=says):
        auth.add_user(tmp_path / "users", name, password)
    assert not (tmp_path / "users").exists()


def test_a_damaged_users_file_names_the_line(tmp_path):
    users = tmp_path / "users"
    users.write_text("# comment\nann:not-a-hash\n")
    with pytest.raises(ConfigError, match="line 2"):
        auth.load_users(users)


def test_users_add_command_reads_password_from_stdin(tmp_path):
    users = tmp_path / "users"
    result = CliRunner().invoke(
        app,
        ["users", "add", "ann", "--file", str(users), "--password-stdin"],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    assert auth.verify(users, "ann", "a long password")
    listed = CliRunner().invoke(app, ["users", "list", "--file", str(users)])
    assert listed.output.split() == ["ann"]


def test_users_add_command_prompts_twice_and_uses_env_file(tmp_path, monkeypatch):
    users = tmp_path / "users"
    monkeypatch.setenv("BRIEFBOT_WEB_USERS", str(users))
    result = CliRunner().invoke(app, ["users", "add", "bob"], input="pass word 9\npass word 9\n")
    assert result.exit_code == 0, result.output
    assert auth.verify(users, "bob", "pass word 9")
    mismatch = CliRunner().invoke(app, ["users", "add", "bob"], input="pass word 9\nother one 9\n")
    assert mismatch.exit_code != 0
    assert auth.verify(users, "bob", "pass word 9")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("example.org", False),
        ("::", False),
    ],
)
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_network_address_without_login_is_refused_unless_insecure(tmp_path):
    with pytest.raises(ConfigError, match="--insecure-no-auth"):
        login_check(None, "0.0.0.0", insecure_no_auth=False)
    assert login_check(None, "0.0.0.0", insecure_no_auth=True) is None
    assert login_check(None, "127.0.0.1", insecure_no_auth=False) is None


def test_login_needs_a_users_file_with_users(tmp_path):
    users = tmp_path / "users"
    with pytest.raises(ConfigError, match="no users"):
        login_check(users, "0.0.0.0", insecure_no_auth=False)
    auth.add_user(users, "ann", "correct horse battery")
    check = login_check(users, "0.0.0.0", insecure_no_auth=False)
    assert asyncio.run(check("ann", "correct horse battery"))
    assert not asyncio.run(check("ann", "wrong password"))


def test_web_command_refuses_network_address_without_login(tmp_path):
    result = CliRunner().invoke(app, ["web", "--host", "0.0.0.0", "--store", str(tmp_path / "s")])
    assert result.exit_code != 0
    assert "--insecure-no-auth" in str(result.exception) or "--insecure-no-auth" in result.output
    assert not (tmp_path / "s").exists()  # refused before the store was opened
