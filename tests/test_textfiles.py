"""Every text file gets the secrets pass: discovery, binary detection, each line form of the
generic text judgement, credential kinds beyond exchanges, decoys, Markdown prose, leaks.

Every secret is generated at test time (fake, random), never pasted.
"""
from __future__ import annotations

import json
import random
import string

import pytest

from botlint.discovery import file_kind
from botlint.engine import is_binary, lint_source
from helpers import run_cli

_ALNUM = string.ascii_letters + string.digits


_RNG = random.Random(1101)  # seeded: fake values, the same on every run


def rnd(n: int, alphabet: str = _ALNUM) -> str:
    return "".join(_RNG.choice(alphabet) for _ in range(n))


def found(src: str, name: str):
    return [(f.code, f.location.line, f.message) for f in lint_source(src, name)]


# -- discovery -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["deploy.sh", "Dockerfile", "README.md", "notes.txt", "config.js",
                                  "settings.ts", "app.properties", "pom.xml", "bot.log", "credentials",
                                  ".envrc", ".netrc", "id_rsa", "k.pem", "a.key", "AuthKey.p8", "Makefile",
                                  "docker-compose.override", "Containerfile"])
def test_every_text_file_has_a_kind(name):
    assert file_kind(name) is not None


@pytest.mark.parametrize("name", ["logo.png", "x.pyc", "lib.so", "pkg.whl", "font.woff2", "db.sqlite",
                                  "a.tar.gz", "photo.JPG", "model.pkl"])
def test_known_binary_suffixes_are_skipped_unread(name):
    assert file_kind(name) is None


def test_structured_formats_keep_their_scanners():
    assert file_kind("bot.py") == "python" and file_kind("nb.ipynb") == "notebook"
    for name in ("config.json", "a.yaml", "pyproject.toml", "setup.cfg", ".env", "x.ini"):
        assert file_kind(name) == "config"


def test_binary_content_is_recognised_whatever_the_name():
    assert is_binary(b"\x89PNG\r\n\x1a\n" + bytes(100), "notes.txt")
    assert is_binary(b"\x00\x00\x00\x01\x02" * 1000, "data")  # packed integers
    assert not is_binary("API_SECRET=abc\n".encode("utf-16"), "x.txt")  # UTF-16 text is text
    assert not is_binary(b"plain text\n", "x")


def test_a_binary_file_with_a_text_name_reports_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 500 + f"API_SECRET={rnd(64)}".encode())
    rc, out, err = run_cli(capsys, "--format", "concise", "--no-cache", "blob.txt")
    assert rc == 0 and "binary file, skipped" in err


def test_walk_scans_shell_dockerfile_markdown_and_netrc(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    vals = [rnd(64) for _ in range(4)]
    (tmp_path / "deploy.sh").write_text(f"export BINANCE_API_SECRET={vals[0]}\n")
    (tmp_path / "Dockerfile").write_text(f"FROM python:3.12\nENV BYBIT_API_SECRET {vals[1]}\n")
    (tmp_path / "NOTES.md").write_text(f"# setup\n\n```\nexport OKX_API_SECRET={vals[2]}\n```\n")
    (tmp_path / ".netrc").write_text(f"machine api.example.org login me password {vals[3]}\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    rc, out, err = run_cli(capsys, "--format", "json", "--no-cache", ".")
    paths = sorted(f["path"] for f in json.loads(out)["findings"])
    assert rc == 1 and paths == [".netrc", "Dockerfile", "NOTES.md", "deploy.sh"]
    for v in vals:
        assert v not in out + err


def test_oversized_text_file_is_reported_not_dropped(tmp_path, capsys, monkeypatch):
    import botlint.engine.source as engine

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(engine, "HARD_SIZE_LIMIT", 1000)
    (tmp_path / "big.log").write_text("x" * 2000)
    rc, out, err = run_cli(capsys, "--format", "concise", "--no-cache", "--select", "BOT0,BOT1", ".")
    assert "big.log" in out and "BOT003" in out


# -- line forms ------------------------------------------------------------------------------

FORMS = [
    ("deploy.sh", "export BINANCE_API_SECRET={v}\n", "BOT101"),
    ("run.sh", "BINANCE_API_SECRET={v} python bot.py\n", "BOT101"),
    ("app.properties.txt", "exchange.api.secret={v}\n", "BOT101"),
    ("notes.txt", "api_secret: {v}\n", "BOT101"),
    ("Dockerfile", "FROM python\nENV API_SECRET {v}\n", "BOT101"),
    ("Dockerfile", "FROM python\nENV MODE=live API_SECRET=\"{v}\"\n", "BOT101"),
    ("Dockerfile.prod", "ARG API_SECRET={v}\n", "BOT101"),
    ("start.sh", "python -m bot --api-secret {v} --dry-run\n", "BOT101"),
    ("start.sh", "python -m bot --api-secret={v}\n", "BOT101"),
    ("config.js", "module.exports = {{ apiSecret: \"{v}\" }};\n", "BOT101"),
    ("config.ts", "const cfg = {{ \"api_secret\": '{v}' }};\n", "BOT101"),
    ("bot.log", "2024-05-01 INFO connect exchange=binance api_secret={v} ok\n", "BOT101"),
    ("call.txt", "curl -H 'Authorization: Bearer {v}' https://api.example.org\n", "BOT108"),
    ("app.xml", "<config><apiSecret>{v}</apiSecret></config>\n", "BOT101"),
    ("web.config", "<add key=\"ApiSecret\" value=\"{v}\" />\n", "BOT101"),
    ("README.md", "Setup:\n\n```bash\nexport API_SECRET={v}\n```\n", "BOT101"),
    ("ci.sh", "echo 'machine api.example.org login bot password {v}' > ~/.netrc\n", "BOT108"),
    ("bot.service", "[Service]\nEnvironment=MODE=live\nEnvironment=BYBIT_API_SECRET={v}\n", "BOT101"),
    ("bot.service", "[Service]\nEnvironment=\"LOG=info\" \"BYBIT_API_SECRET={v}\"\n", "BOT101"),
]


@pytest.mark.parametrize("name,template,code", FORMS)
def test_each_line_form_is_found(name, template, code):
    v = rnd(48)
    got = found(template.format(v=v), name)
    assert [c for c, _l, _m in got] == [code], got
    assert all(v not in m for _c, _l, m in got)


@pytest.mark.parametrize("layout", ["one line", "several lines", "default"])
def test_netrc_layouts(layout):
    v = rnd(40)
    text = {"one line": f"machine a.example.org login me password {v}\n",
            "several lines": f"machine a.example.org\n  login me\n  password {v}\n",
            "default": f"machine x login y password changeme\ndefault login me password {v}\n"}[layout]
    got = found(text, ".netrc")
    assert [c for c, _l, _m in got] == ["BOT108"], got


def test_netrc_placeholders_and_macdef():
    text = ("machine a.example.org login me password YOUR_PASSWORD\n"
            "macdef init\npassword notreallyone\n\nmachine b login u password ${NETRC_PW}\n")
    assert found(text, ".netrc") == []


# -- decoys: placeholders, templates, env references, hashes, ids ------------------------------

DECOYS = [
    ("deploy.sh", "export API_SECRET=${API_SECRET}\nexport API_KEY=\"$BINANCE_KEY\"\n"),
    ("deploy.sh", "export API_KEY=your_api_key_here\nAPI_SECRET=changeme\n"),
    ("Dockerfile", "ARG API_SECRET\nENV API_SECRET=${API_SECRET}\n"),
    ("start.sh", "python bot.py --api-key \"$API_KEY\" --password $PASSWORD\n"),
    ("bot.log", "commit=" + "a3f" * 13 + "a sha256=" + "0f" * 32 + " order_id=1234567890\n"),
    ("x.txt", "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\nAKIAIOSFODNN7EXAMPLE\n"),
    ("x.txt", "DATABASE_URL=postgres://postgres:postgres@localhost:5432/db\n"),
    ("x.txt", "redis://:${REDIS_PASSWORD}@cache:6379\n"),
    ("x.txt", "see kraken.key:1:BOT101 and host:443\n"),
    ("x.txt", "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n"),
    ("config.js", "const apiKey = process.env.API_KEY; headers: {'X-API-KEY': apiKey}\n"),
    ("uuid.txt", "request_key=123e4567-e89b-12d3-a456-426614174000\n"),
    ("bot.service", "[Service]\nEnvironment=API_SECRET=${API_SECRET}\nEnvironmentFile=/etc/bot.env\n"
                    "Environment=\"API_KEY=your_api_key\" LOG_LEVEL=debug\n"),
]


@pytest.mark.parametrize("name,text", DECOYS)
def test_decoys_are_not_findings(name, text):
    assert found(text, name) == []


# -- Markdown prose ----------------------------------------------------------------------------

def test_markdown_prose_is_not_flagged():
    text = ("# Configuration\n\nset your api_key: <your key>\n\n"
            "password: hunter2 is a bad example\n\npassword: Tr0ub4dor\n\n"
            "Use `--api-secret SECRET` on the command line.\n")
    assert found(text, "README.md") == []


def test_markdown_prose_with_a_generated_value_is_flagged():
    v = rnd(64)
    got = found(f"Our key (do not share): API_SECRET={v}\n", "README.md")
    assert [c for c, _l, _m in got] == ["BOT101"]


def test_markdown_code_block_gets_the_line_judgement():
    text = "intro\n\n~~~ini\npassword = Tr0ub4dor&3x\n~~~\n\npassword: Tr0ub4dor&3x\n"
    got = found(text, "docs.md")
    assert [(c, line) for c, line, _m in got] == [("BOT108", 4)]


# -- credential kinds beyond exchanges -------------------------------------------------------

KINDS = [
    (lambda: "ghp_" + rnd(36), "BOT109", "GitHub personal access token"),
    (lambda: "gho_" + rnd(36), "BOT109", "GitHub OAuth access token"),
    (lambda: "ghs_" + rnd(36), "BOT109", "GitHub server-to-server token"),
    (lambda: "ghu_" + rnd(36), "BOT109", "GitHub user-to-server token"),
    (lambda: "github_pat_" + rnd(22) + "_" + rnd(59), "BOT109", "GitHub fine-grained personal access token"),
    (lambda: "glpat-" + rnd(20), "BOT109", "GitLab personal access token"),
    (lambda: "AIza" + rnd(35), "BOT109", "Google API key"),
    (lambda: "sk_live_" + rnd(24), "BOT109", "Stripe live secret key"),
    (lambda: "rk_live_" + rnd(24), "BOT109", "Stripe restricted key"),
    (lambda: "sk-ant-api03-" + rnd(93), "BOT109", "Anthropic API key"),
    (lambda: "sk-proj-" + rnd(80), "BOT109", "OpenAI API key"),
    (lambda: "sk-" + rnd(48), "BOT109", "OpenAI API key"),
    (lambda: "sk-or-v1-" + rnd(64, "0123456789abcdef"), "BOT109", "OpenRouter API key"),
    (lambda: "gsk_" + rnd(52), "BOT109", "Groq API key"),
    (lambda: "hf_" + rnd(34), "BOT109", "Hugging Face access token"),
    (lambda: "npm_" + rnd(36), "BOT109", "npm access token"),
    (lambda: "AKIA" + rnd(16, string.ascii_uppercase + string.digits), "BOT109", "AWS access key ID"),
    (lambda: "xoxb-" + rnd(11, string.digits) + "-" + rnd(12, string.digits) + "-" + rnd(24), "BOT109",
     "Slack bot token"),
    (lambda: "postgres://bot:" + rnd(20) + "@db.internal:5432/trades", "BOT108", "database URL"),
    (lambda: "mongodb+srv://bot:" + rnd(20) + "@cluster0.example.net/db", "BOT108", "database URL"),
    (lambda: "mysql://root:" + rnd(16) + "@10.0.0.5/bot", "BOT108", "database URL"),
    (lambda: "redis://:" + rnd(24) + "@cache:6379/0", "BOT108", "Redis URL"),
]


@pytest.mark.parametrize("make,code,label", KINDS)
def test_credential_kinds_in_any_text(make, code, label):
    v = make()
    for name in ("notes.txt", "bot.py"):
        got = found(f"token = \"{v}\"\n" if name.endswith(".py") else f"remember {v} later\n", name)
        assert any(c == code and label in m for c, _l, m in got), (name, got)
        assert all(v not in m for _c, _l, m in got)


def _pem_body(lines: int = 6) -> str:
    return "\n".join(rnd(64, _ALNUM + "+/") for _ in range(lines))


@pytest.mark.parametrize("kind,label", [("", "PKCS#8 private key"), ("RSA ", "RSA private key"),
                                        ("EC ", "EC private key"), ("DSA ", "DSA private key"),
                                        ("OPENSSH ", "OpenSSH private key"),
                                        ("ENCRYPTED ", "encrypted private key")])
def test_every_private_key_form(kind, label):
    text = f"-----BEGIN {kind}PRIVATE KEY-----\n{_pem_body()}\n-----END {kind}PRIVATE KEY-----\n"
    got = found(text, "id_key")
    assert [(c, m.split(" (")[0]) for c, _l, m in got] == [("BOT104", f"hard-coded {label}")]


def test_pgp_private_key_block_with_armor_headers():
    text = ("-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2.2.19\nComment: https://gnupg.org\n\n"
            f"{_pem_body()}\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----\n")
    got = found(text, "key.asc")
    assert [c for c, _l, _m in got] == ["BOT104"] and "PGP private key block" in got[0][2]


def test_service_account_json_private_key():
    body = _pem_body().replace("\n", "\\n")
    doc = json.dumps({"type": "service_account", "project_id": "p",
                      "private_key": "-----BEGIN PRIVATE KEY-----\\n" + body + "\\n-----END PRIVATE KEY-----\\n"})
    got = found(doc.replace("\\\\n", "\\n"), "sa.json")
    assert "BOT104" in [c for c, _l, _m in got]


def test_jwt_signing_secret_by_name():
    got = found(f"JWT_SECRET={rnd(48)}\n", "deploy.sh")
    assert [c for c, _l, _m in got] == ["BOT108"]


# -- leak checks: no value in any output format ------------------------------------------------

@pytest.mark.parametrize("fmt", ["full", "concise", "json", "sarif", "github"])
def test_no_value_in_any_output_format(tmp_path, capsys, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    vals = [rnd(64), "ghp_" + rnd(36), rnd(30), "sk-ant-api03-" + rnd(93), rnd(44)]
    (tmp_path / "deploy.sh").write_text(f"export API_SECRET={vals[0]}\necho {vals[1]}\n")
    (tmp_path / "db.txt").write_text(f"postgres://bot:{vals[2]}@db/x\n{vals[3]}\n")
    (tmp_path / ".netrc").write_text(f"machine h login u password {vals[4]}\n")
    rc, out, err = run_cli(capsys, "--format", fmt, "--no-cache", ".")
    assert rc == 1
    for v in vals:
        assert v not in out + err
        assert v[4:24] not in out + err


# -- general causes of false positives found on real trees (jesse's bundled JS) ------------------

def test_unquoted_assignments_in_source_code_are_expressions():
    """Minified JS: ``this.lineTokenOffset=this.lineCharOffset===0?0:...`` and
    ``e.token==118?G.x:...`` are code, not ``NAME=VALUE`` literals."""
    text = ("this.lineTokenOffset=this.lineCharOffset===0?0:this.lineTokens.getEndOffset(t-1);"
            "this.onDidChangeModelTokens=this._onDidChangeModelTokens.event;"
            "l.exchangeApiKeys=l.exchangeApiKeys.filter(Boolean);if(e.token==118?G.Type_import_attr:0){}\n"
            "apiSecret: someVariable.secretValue,\n")
    for name in ("bundle.js", "app.ts", "main.go", "index.html"):
        assert found(text, name) == [], name
    # quoted literals in source code are still read
    v = rnd(48)
    assert [c for c, _l, _m in found(f'const cfg = {{apiSecret: "{v}"}};\n', "bundle.js")] == ["BOT101"]


def test_a_key_prefix_inside_a_base64_blob_is_not_a_key():
    blob = rnd(3000, _ALNUM + "+/")
    i = 1500
    text = 'const wasm = "' + blob[:i] + "ABIA" + rnd(16, string.ascii_uppercase + string.digits) + blob[i:] + '";\n'
    assert found(text, "bundle.js") == []
    # the same key id on its own is found
    assert [c for c, _l, _m in found(f"AWS_ACCESS_KEY_ID=AKIA{rnd(16, string.ascii_uppercase + string.digits)}\n",
                                      "deploy.sh")] == ["BOT109"]


def test_cython_output_is_skipped_and_a_hand_written_cpp_file_is_not(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    key = f'static const char *API_SECRET = "{rnd(64)}";\n'
    (tmp_path / "engine.cpp").write_text("/* Generated by Cython 3.3.0 */\n" + key)
    (tmp_path / "native.cpp").write_text("/* hand-written */\n" + key)
    rc, out, err = run_cli(capsys, "--format", "concise", "--no-cache", ".")
    assert "generated by Cython, skipped" in err
    assert "native.cpp" in out and "engine.cpp" not in out


def test_many_skipped_files_of_one_reason_are_counted_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(7):
        (tmp_path / f"m{i}.cpp").write_text("/* Generated by Cython 3.3.0 */\nint x;\n")
    (tmp_path / "logo.dat").write_bytes(b"\x00\x01\x02" * 100)
    rc, _out, err = run_cli(capsys, "--format", "concise", "--no-cache", ".")
    lines = err.splitlines()
    assert sum("generated by Cython, skipped" in line for line in lines) == 3
    assert "botlint: ... and 4 more files: generated by Cython" in lines
    assert any("logo.dat: binary file, skipped" in line for line in lines)  # (one of its reason: shown)


# -- curl options (issue 11: a header with a key in a script or a README's example) ----------

@pytest.mark.parametrize("name,wrap", [("run.sh", "{}\n"), ("README.md", "```sh\n{}\n```\n"), ("notes.txt", "{}\n")])
def test_a_key_in_a_curl_header_is_found(name, wrap):
    key = rnd(64)
    for line in (f'curl -H "X-MBX-APIKEY: {key}" https://api.binance.com/api/v3/account',
                 f"curl --header 'X-API-KEY: {key}' https://api.example.org",
                 f'curl -s -H "Accept: application/json" -H "OK-ACCESS-PASSPHRASE: {rnd(20)}" https://www.okx.com'):
        hits = found(wrap.format(line), name)
        assert [h[0] for h in hits] == ["BOT101"], line
        assert key not in hits[0][2]


def test_a_password_in_curl_user_is_found():
    hits = found(f"curl -u deploy:{rnd(20)} https://ci.example.org/api\n", "deploy.sh")
    assert [h[0] for h in hits] == ["BOT108"]


@pytest.mark.parametrize("line", [
    'curl -H "X-MBX-APIKEY: $API_KEY" https://api.binance.com',
    "curl -H 'X-MBX-APIKEY: ${BINANCE_API_KEY}' https://api.binance.com",
    'curl -H "X-MBX-APIKEY: <your-api-key>" https://api.binance.com',
    'curl -H "Content-Type: application/json" -H "X-Request-Id: 7f3a9c2e-1b4d-4e8f-9a6b-2c5d8e1f0a3b" https://x',
    "curl -u $USER:$PASS https://x", "curl -u user:password https://x", 'curl -u "${USER}:${TOKEN}" https://x',
    "git push -u origin main:main", 'docker run -u "$(id -u):$(id -g)" img', "tar -H posix -cf a.tar .",
])
def test_curl_options_without_a_credential_are_quiet(line):
    assert found(line + "\n", "run.sh") == []


def test_markdown_fences_break_where_commonmark_breaks():
    # a U+2028 or form feed is no line end: "Intro\u2028```" opens no fence, so the real
    # fence's code is judged as code (str.splitlines had made it prose, hiding the password)
    body = "DB_PASSWORD=moonshot2024!\n"  # pragma: allowlist secret
    for sep in ("\u2028", "\x0c", "\x85"):
        text = f"Intro{sep}```\n\n```sh\n{body}```\n"
        assert [(h[0], h[1]) for h in found(text, "README.md")] == [("BOT108", 4)]


# -- credentials stored encoded (Docker's auths, FileZilla's base64 Pass) ---------------------

def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


def test_docker_registry_auth_is_a_credential():
    auth = _b64(f"deploybot:{rnd(40)}")
    config = json.dumps({"auths": {"https://index.docker.io/v1/": {"auth": auth}}}, indent=2)
    hits = found(config, ".docker/config.json")
    assert [(h[0], h[1]) for h in hits] == [("BOT108", 4)]
    assert auth not in hits[0][2] and "user:password" in hits[0][2]
    legacy = json.dumps({"https://index.docker.io/v1/": {"auth": auth, "email": "ci@example.org"}}, indent=2)
    assert [h[0] for h in found(legacy, ".dockercfg")] == ["BOT108"]


@pytest.mark.parametrize("auth", [_b64("admin:admin"), _b64("user:${REGISTRY_PASSWORD}"), "oauth2",
                                  _b64("no colon here at all")])
def test_registry_auth_without_a_real_password_is_quiet(auth):
    assert found(json.dumps({"auths": {"registry.example.org": {"auth": auth}}}), "config.json") == []
    if auth != _b64("admin:admin"):  # a weak password in .npmrc, a credential store: test_credential_stores
        assert found(f"_auth = {auth}\n", ".npmrc") == []


def test_an_xml_element_with_attributes_is_read():
    xml = f'<Server>\n  <User>root</User>\n  <Pass encoding="base64">{_b64(rnd(24))}</Pass>\n</Server>\n'
    assert [(h[0], h[1]) for h in found(xml, "filezilla/sitemanager.xml")] == [("BOT108", 3)]
