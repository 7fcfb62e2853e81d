"""Credential-store formats (``secrets.stores``): in a file whose whole purpose is to hold
credentials, a weak password is still a leaked password and a crypt hash is a leaked
credential; ordinary config files keep the weak-password policy.

Every value is fake: random ones are generated at test time, the weak ones are dictionary
words written here on purpose (each such line carries the allowlist pragma).
"""
from __future__ import annotations

import base64
import json
import random
import string

import pytest

from botlint.engine import lint_source

_RNG = random.Random(1112)  # seeded: the same fake values on every run
_CRYPT64 = "./" + string.ascii_letters + string.digits
_ALNUM = string.ascii_letters + string.digits


def rnd(n: int, alphabet: str = _ALNUM) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(n))


def bcrypt() -> str:
    return "$2y$12$" + rnd(53, _CRYPT64)


def sha512crypt() -> str:
    return "$6$" + rnd(16, _CRYPT64) + "$" + rnd(86, _CRYPT64)


def apr1() -> str:
    return "$apr1$" + rnd(8, _CRYPT64) + "$" + rnd(22, _CRYPT64)


def bot1(src: str, name: str):
    return [f for f in lint_source(src, name) if f.code.startswith("BOT1")]


def lines(src: str, name: str):
    return sorted((f.code, f.location.line) for f in bot1(src, name))


def no_value_shown(findings, *values: str) -> None:
    for f in findings:
        for v in values:
            assert v not in f.message


# -- stores of plain-text passwords ---------------------------------------------------------------

def test_pgpass_weak_password_is_reported_field_name_is_not():
    src = ("#hostname:port:database:username:password\n"
           "db.internal:5432:trades:bot:pass123\n"  # pragma: allowlist secret
           "localhost:5432:*:postgres:password\n"  # the format line copied: a template  # pragma: allowlist secret
           "localhost:5432:*:ci:${PGPASSWORD}\n")
    found = bot1(src, "db/.pgpass")
    assert [(f.code, f.location.line) for f in found] == [("BOT108", 2)]
    assert "credential store" in found[0].message
    no_value_shown(found, "pass123")


def test_git_credentials_password_holding_an_at_sign():
    pw = "wk" + rnd(4) + "@9"
    src = f"https://someone@example.org:{pw}@github.com\n"
    found = bot1(src, ".git-credentials")
    assert [(f.code, f.location.line) for f in found] == [("BOT108", 1)]
    assert found[0].location.column == src.index(pw) + 1
    assert f"{len(pw)} chars" in found[0].message
    no_value_shown(found, pw)


def test_netrc_weak_password_is_reported():
    src = ("machine imap.example.org login bot@example.org password pass123\n"  # pragma: allowlist secret
           "machine smtp.example.org login bot@example.org password changeme\n")  # pragma: allowlist secret
    assert lines(src, ".netrc") == [("BOT108", 1)]


def test_editor_sftp_profile_weak_password_but_not_an_ordinary_config_json():
    src = json.dumps({"protocol": "sftp", "host": "example.org", "username": "root",
                      "password": "admin123", "passphrase": "swordfish",  # pragma: allowlist secret
                      "promptForPass": False}, indent=2)
    assert {f.location.line for f in bot1(src, ".vscode/sftp.json")} == {5, 6}
    assert bot1(src, ".ftpconfig")
    assert bot1(src, "config.json") == []  # ordinary config: today's weak-password policy


def test_robomongo_and_ventrilo_passwords():
    creds = [{"userName": "u", "userPassword": "mongopass"}]  # pragma: allowlist secret
    conn = {"credentials": creds, "sshUserPassword": "roboSSHpass", "sshPrivateKey": ""}  # pragma: allowlist secret
    robo = json.dumps({"connections": [conn]}, indent=1)
    assert len(bot1(robo, "db/robomongo.json")) == 2
    ini = "[Server]\nName=Server\nAdminPassword=AdminPass77\nPassword=UserPass77\n"  # pragma: allowlist secret
    assert lines(ini, "ventrilo_srv.ini") == [("BOT108", 3), ("BOT108", 4)]
    assert bot1(ini, "server.ini") == []


def test_esmtprc_password_but_not_the_field_name():
    src = 'hostname smtp.example.org:587\nusername "bot"\npassword "mail2024"\n'  # pragma: allowlist secret
    assert lines(src, ".esmtprc") == [("BOT108", 3)]
    assert bot1('password "password"\n', ".esmtprc") == []


def test_pypirc_weak_password():
    src = "[pypi]\nusername = bot\npassword = admin\n"  # pragma: allowlist secret
    assert lines(src, ".pypirc") == [("BOT108", 3)]


def test_mysql_composer_and_maven_stores():
    assert lines("[client]\nuser = bot\npassword = admin1\n", ".my.cnf") == [("BOT108", 3)]  # pragma: allowlist secret
    assert lines("[client]\nuser = bot\npassword = admin1\n", "my.ini") == []  # pragma: allowlist secret
    s3 = "[default]\ngpg_passphrase = admin1\nuse_https = True\n"  # pragma: allowlist secret
    assert lines(s3, ".s3cfg") == [("BOT108", 2)]
    basic = {"repo.example.org": {"username": "bot", "password": "admin2024"}}  # pragma: allowlist secret
    composer = json.dumps({"http-basic": basic, "github-oauth": {"github.com": rnd(40, "0123456789abcdef")}}, indent=2)
    assert len(bot1(composer, "auth.json")) == 2
    assert bot1(json.dumps({"password": "admin2024"}), "auth.json") == []  # pragma: allowlist secret
    m2 = ("<settings><servers><server><id>nexus</id><username>ci</username>"
          "<password>admin99</password></server>\n"  # pragma: allowlist secret
          "<server><id>env</id><password>${env.NEXUS_PASSWORD}</password></server></servers></settings>\n")
    assert lines(m2, "home/.m2/settings.xml") == [("BOT108", 1)]
    assert lines(m2, "project/settings.xml") == []


def test_filezilla_plain_and_base64_passwords():
    b64 = base64.b64encode(b"pass123").decode()  # pragma: allowlist secret
    src = ("<FileZilla3><Servers><Server>\n<Host>example.org</Host><User>root</User>\n"
           "<Pass>admin123</Pass>\n"  # pragma: allowlist secret
           f'<Pass encoding="base64">{b64}</Pass>\n'
           "<Pass>Example123</Pass>\n"  # a placeholder
           "</Server></Servers></FileZilla3>\n")
    assert lines(src, "sitemanager.xml") == [("BOT108", 3), ("BOT108", 4)]


# -- registry credentials ---------------------------------------------------------------------

def test_npmrc_auth_of_a_weak_password():
    auth = base64.b64encode(b"admin:admin").decode()  # pragma: allowlist secret
    assert lines(f"registry=https://registry.npmjs.org/\n_auth = {auth}\n", ".npmrc") == [("BOT108", 2)]


def test_docker_config_auth_of_a_weak_password():
    auth = base64.b64encode(b"deploy:qwerty7").decode()  # pragma: allowlist secret
    src = json.dumps({"auths": {"registry.example.org": {"auth": auth}}}, indent=2)
    assert [f.code for f in bot1(src, ".docker/config.json")] == ["BOT108"]


def test_scoped_npm_auth_line_in_any_file():
    auth = base64.b64encode(b"ci:admin").decode()  # pragma: allowlist secret
    src = (f'echo "//registry.example.org/npm/:_auth={auth}" >> ~/.npmrc\n'
           'echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" >> ~/.npmrc\n'
           'echo "//registry.npmjs.org/:_authToken=token-with-hyphens" >> ~/.npmrc\n')
    assert lines(src, "deploy.sh") == [("BOT108", 1)]
    assert lines(src, "README.md") == []  # a docs example: the ordinary policy


# -- password hashes ----------------------------------------------------------------------------

def test_htpasswd_hashes_are_reported_as_hashes():
    h1, h2 = apr1(), bcrypt()
    sha = "{SHA}" + base64.b64encode(bytes(_RNG.randrange(256) for _ in range(20))).decode()
    src = f"admin:{h1}\nops:{h2}\nci:{sha}\n"
    found = bot1(src, "public_html/.htpasswd")
    assert [(f.code, f.location.line) for f in found] == [("BOT108", 1), ("BOT108", 2), ("BOT108", 3)]
    assert all("password hash" in f.message and "crackable" in f.message for f in found)
    no_value_shown(found, h1, h2, sha)


def test_shadow_hash_but_not_locked_or_empty_accounts():
    h = sha512crypt()
    src = (f"root:{h}:19000:0:99999:7:::\n"
           "daemon:*:19000:0:99999:7:::\n"
           "nobody:!:19000:0:99999:7:::\n"
           "guest::19000:0:99999:7:::\n")
    assert lines(src, "etc/shadow") == [("BOT108", 1)]
    assert lines("root:x:0:0:root:/root:/bin/bash\n", "etc/passwd") == []
    assert lines(f"ftp:{h}:3044:3045::/home/ftp:/bin/ftpsh\n", "proftpdpasswd") == [("BOT108", 1)]


def test_sql_dump_hashes_but_not_hash_shapes_elsewhere():
    rows = [bcrypt() for _ in range(3)]
    src = ("INSERT INTO `users` (`id`, `username`, `password`) VALUES\n"
           + ",\n".join(f"({i}, 'user{i}', '{h}')" for i, h in enumerate(rows, 1)) + ";\n"
           "INSERT INTO `prices` VALUES (1, '$1.00 per unit, $2 after');\n")
    assert lines(src, "db/dump.sql") == [("BOT108", 2), ("BOT108", 3), ("BOT108", 4)]
    assert lines(f"hash = '{rows[0]}'\n", "notes.txt") == []  # not a credential-store format


def test_firefox_encrypted_password_but_not_the_username():
    blob = base64.b64encode(b"\x30\x3a\x04\x10" + bytes(_RNG.randrange(256) for _ in range(56))).decode()
    src = json.dumps({"logins": [{"hostname": "https://example.org", "encryptedUsername": blob,
                                  "encryptedPassword": blob[::-1], "encType": 1}]}, indent=2)
    found = bot1(src, ".mozilla/firefox/abc.default/logins.json")
    assert len(found) == 1 and "Firefox" in found[0].message
    assert bot1(src.replace("encryptedPassword", "encryptedPwd"), "logins.json") == []


# -- WordPress and PHP constants ---------------------------------------------------------------

def test_wordpress_keys_and_php_define():
    salt = rnd(30, string.ascii_letters + string.digits + "!@#%^&*()-_=+[]{}<>~|;:,.?/") + " " + rnd(33)
    db = rnd(20)
    src = ("<?php\n"
           "define( 'DB_USER',     'admin' );\n"
           "define( 'DB_PASSWORD', 'admin' );\n"  # weak, in an application config: policy  # pragma: allowlist secret
           f"define('AUTH_KEY', '{salt}');\n"
           "define('NONCE_SALT', 'put your unique phrase here');\n"
           f"define('DB_PASSWORD', '{db}');\n")
    found = bot1(src, "public_html/wp-config.php")
    assert sorted((f.code, f.location.line) for f in found) == [("BOT108", 4), ("BOT108", 6)]
    assert "WordPress" in [f for f in found if f.location.line == 4][0].message
    no_value_shown(found, salt, db)
    assert lines(src, "config.php") == [("BOT108", 6)]  # define() anywhere; the salts only in wp-config


def test_php_subscript_store_is_a_binding_form():
    pw, blowfish = rnd(14), rnd(32)
    src = ("<?php\n"
           f"$cfg['blowfish_secret'] = '{blowfish}';\n"
           "$cfg['Servers'][$i]['user'] = 'root';\n"
           f"$cfg['Servers'][$i]['password'] = '{pw}';\n"
           "$cfg['Servers'][$i]['password'] = 'admin';\n")  # weak, an application config: policy
    found = bot1(src, "config.inc.php")
    assert sorted(f.location.line for f in found) == [2, 4]
    no_value_shown(found, pw, blowfish)
    assert bot1("if ($cfg['password'] == 'x') {}\n$h['password'] => 'y';\n", "a.php") == []


# -- precision: ordinary files keep today's policy --------------------------------------------

@pytest.mark.parametrize("ordinary,store,src", [
    ("config.ini", ".pypirc", "[pypi]\npassword = admin123\n"),  # pragma: allowlist secret
    (".env", "ventrilo_srv.ini", "Password=pass123\n"),  # pragma: allowlist secret
    ("settings.json", "deployment-config.json", '{"password": "admin123"}\n'),  # pragma: allowlist secret
    ("notes.txt", "users.htpasswd", "admin:$apr1$abcdefgh$abcdefghijklmnopqrstuv\n"),
])
def test_the_same_text_is_a_leak_only_in_a_credential_store(ordinary, store, src):
    assert bot1(src, ordinary) == []  # ordinary files keep the weak-password policy
    assert [f.code for f in bot1(src, store)] == ["BOT108"]


def test_store_format_is_decided_by_the_file_not_a_key_name():
    from botlint.secrets import stores

    assert stores.store_format("home/.pgpass", "") == "pgpass"
    assert stores.store_format(".vscode/sftp.json", "") == "sftp"
    assert stores.store_format("sftp.json", "") is None  # only VS Code's, in .vscode/
    assert stores.store_format("app/config.json", "") is None
    assert stores.store_format("logins.json", '{"logins": []}') is None
    assert stores.store_format("x/.docker/config.json", "") == "docker"


@pytest.mark.parametrize("value,ok", [("pass123", True), ("admin", True), ("", False), ("password", False),
                                      ("changeme", False), ("<password>", False), ("${DB_PASS}", False),
                                      ("$DB_PASS", False), ("DB_PASSWORD", False), ("********", False),
                                      ("your_password", False), ("xxxxxx", False)])
def test_stored_password_judgement(value, ok):
    from botlint.secrets import stores

    assert stores.stored_password(value) is ok
