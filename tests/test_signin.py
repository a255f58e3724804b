"""Sign-in configuration and roles (allymap/signin.py) and ``allymap serve``'s refusal to
listen beyond 127.0.0.1 without sign-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from allymap import serve as serve_module
from allymap.cli import app
from allymap.signin import (
    RolesError,
    RolesFile,
    at_least,
    auth_problem,
    is_loopback,
    serve_refusal,
)

AUTH = """
[auth]
redirect_uri = "http://127.0.0.1:8501/oauth2callback"
cookie_secret = "a-long-random-secret-for-the-identity-cookie"
client_id = "allymap"
client_secret = "s3cret"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""
ROLES = """
[users]
"Ana@Example.com" = "admin"
"carl@example.com" = "checker"
[groups]
"alliance-team" = "viewer"
"""


class Started:
    seen: ClassVar[dict[str, Any]] = {}

    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        Started.seen = {"cmd": cmd, "env": env}

    def wait(self, timeout: float | None = None) -> int:
        return 0


class NeverStarted:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("Streamlit was started although serve had to refuse")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No secrets file of the developer's own: an empty home and working folder."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for name in ("ALLYMAP_SECRETS", "ALLYMAP_ROLES", "ALLYMAP_NO_AUTH"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _files(home: Path) -> tuple[Path, Path]:
    secrets, roles = home / "secrets.toml", home / "roles.toml"
    secrets.write_text(AUTH, encoding="utf-8")
    roles.write_text(ROLES, encoding="utf-8")
    return secrets, roles


def _serve(home: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["serve", "--db", str(home / "db.sqlite"), *args])


def test_beyond_loopback_without_sign_in_exits_2_and_starts_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_module.subprocess, "Popen", NeverStarted)
    result = _serve(home, "--address", "0.0.0.0")
    assert result.exit_code == 2, result.output
    assert "Refusing to serve on 0.0.0.0" in result.stderr
    assert "sign-in is not configured" in result.stderr and "--no-auth" in result.stderr
    assert "serving on" not in result.stderr


def test_no_auth_serves_loudly_and_tells_the_app(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_module.subprocess, "Popen", Started)
    monkeypatch.setattr(serve_module, "port_problem", lambda *a: None)
    result = _serve(home, "--address", "0.0.0.0", "--no-auth", "--port", "8599")
    assert result.exit_code == 0, result.output
    assert "WARNING: --no-auth" in result.stderr and "WITHOUT sign-in" in result.stderr
    assert Started.seen["env"]["ALLYMAP_NO_AUTH"] == "1"


def test_an_inherited_no_auth_variable_is_not_an_override(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_module.subprocess, "Popen", Started)
    monkeypatch.setenv("ALLYMAP_NO_AUTH", "1")
    assert _serve(home, "--port", "8598").exit_code == 0
    assert "ALLYMAP_NO_AUTH" not in Started.seen["env"]


def test_with_sign_in_it_serves_beyond_loopback(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve_module.subprocess, "Popen", Started)
    monkeypatch.setattr(serve_module, "port_problem", lambda *a: None)
    secrets, roles = _files(home)
    result = _serve(home, "--address", "0.0.0.0", "--secrets", str(secrets), "--roles", str(roles))
    assert result.exit_code == 0, result.output
    assert "with sign-in" in result.stderr
    cmd, env = Started.seen["cmd"], Started.seen["env"]
    assert cmd[-2:] == ["--secrets.files", str(secrets.resolve())]
    assert env["ALLYMAP_ROLES"] == str(roles.resolve())


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ("no-roles", "no roles file"),
        ("bad-role", "has role 'superuser'"),
        ("incomplete", "lacks cookie_secret"),
        ("missing-secrets", "no such file"),
    ],
)
def test_sign_in_that_cannot_work_exits_2(
    home: Path, monkeypatch: pytest.MonkeyPatch, change: str, says: str
) -> None:
    monkeypatch.setattr(serve_module.subprocess, "Popen", NeverStarted)
    secrets, roles = _files(home)
    args = ["--secrets", str(secrets), "--roles", str(roles)]
    if change == "no-roles":
        args = args[:2]
    elif change == "bad-role":
        roles.write_text('[users]\n"x@example.com" = "superuser"\n', encoding="utf-8")
    elif change == "incomplete":
        secrets.write_text(AUTH.replace("cookie_secret", "# cookie_secret"), encoding="utf-8")
    else:
        args[1] = str(home / "nowhere.toml")
    result = _serve(home, *args)
    assert result.exit_code == 2, result.output
    assert says in result.stderr


def test_the_working_folder_secrets_count_like_streamlit_reads_them(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``.streamlit/secrets.toml`` where allymap serve runs is Streamlit's own place."""
    monkeypatch.setattr(serve_module.subprocess, "Popen", Started)
    monkeypatch.setattr(serve_module, "port_problem", lambda *a: None)
    _, roles = _files(home)
    (Path.cwd() / ".streamlit").mkdir()
    (Path.cwd() / ".streamlit" / "secrets.toml").write_text(AUTH, encoding="utf-8")
    result = _serve(home, "--address", "0.0.0.0", "--roles", str(roles))
    assert result.exit_code == 0, result.output
    assert "--secrets.files" not in Started.seen["cmd"]  # Streamlit finds it by itself


def test_loopback_and_refusal() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("") and not is_loopback("10.1.2.3")
    assert serve_refusal("127.0.0.1", None, no_auth=False) is None
    assert serve_refusal("0.0.0.0", None, no_auth=True) is None
    assert "sign-in is not configured" in (serve_refusal("10.0.0.5", None, no_auth=False) or "")


def test_auth_problem_accepts_a_named_provider() -> None:
    named = {
        "redirect_uri": "https://allymap.example.com/oauth2callback",
        "cookie_secret": "x" * 32,
        "keycloak": {"client_id": "a", "client_secret": "b", "server_metadata_url": "https://k/"},
    }
    assert auth_problem(named) is None
    assert "no provider" in (auth_problem({**named, "keycloak": {"client_id": "a"}}) or "")
    assert "oauth2callback" in (auth_problem({**named, "redirect_uri": "https://x/"}) or "")


def test_roles_from_users_and_groups(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text(ROLES, encoding="utf-8")
    roles = RolesFile.load(path)
    assert roles.role_for({"email": "ana@example.COM", "sub": "1"}) == "admin"
    assert roles.role_for({"email": "carl@example.com", "groups": ["alliance-team"]}) == "checker"
    assert roles.role_for({"sub": "9", "groups": ["alliance-team"]}) == "viewer"
    assert roles.role_for({"email": "eve@example.com", "groups": ["other"]}) is None
    assert at_least("admin", "checker") and not at_least("viewer", "checker")
    assert not at_least(None, "viewer") and not at_least("root", "viewer")


@pytest.mark.parametrize(
    "text",
    [
        '[users]\n"a@x" = "Admin"\n',
        '[users]\n"a@x" = 3\n',
        'users = "admin"\n',
        '[people]\n"a@x" = "admin"\n',
        "[users\n",
    ],
    ids=["case", "not-text", "not-a-table", "unknown-table", "not-toml"],
)
def test_a_bad_roles_file_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RolesError):
        RolesFile.load(path)
