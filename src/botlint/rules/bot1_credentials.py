"""BOT1xx: credentials written into source or config files.

One visitor (``HardcodedApiCredential``) finds every literal bound to a credential-like name in
Python (assignments, annotated and class attributes, attribute and subscript stores, default
arguments, keyword arguments, dict literals, ``os.getenv`` fallbacks, the positional arguments
of known SDK constructors) and reports it under the code of the credential kind.  The secrets
pass (``botlint.secrets``) reports the same codes for values recognised by shape anywhere, in
Python and in config files; the engine merges the two so one secret gives one finding.
"""
from __future__ import annotations

from typing import Optional, Sequence, Tuple

import libcst as cst

from .. import venues
from ..analysis import names as N
from ..analysis.exprs import subscript_key
from ..analysis.strings import literal
from ..secrets.masking import mask_name
from ..model import Confidence, Severity, secret_digest
from ..rule import Rule
from ..secrets import binding
from ..secrets import shapes as S

from ..gates.bot1 import PRECHECK  # noqa: E402 (the rule's gate, libcst-free)

# callee (last dotted part) -> credential kind of its first positional argument
_POSITIONAL_KIND = {
    "from_key": N.PRIVATE_KEY,
    "privateKeyToAccount": N.PRIVATE_KEY,
    "private_key_to_account": N.PRIVATE_KEY,
    "from_base58_string": N.PRIVATE_KEY,
    "from_mnemonic": N.MNEMONIC,
    "from_seed_phrase": N.MNEMONIC,
}
# constructors taking credentials positionally: exchange SDKs from the venue registry
# (``Sdk.positional_creds``), and the chat-bot libraries here, by module head -> (callees, names)
_BOT_SDK_POSITIONAL = {
    "telebot": (("TeleBot", "AsyncTeleBot"), ("bot_token",)),
    "telegram": (("Bot", "Updater", "token"), ("bot_token",)),
    "aiogram": (("Bot",), ("bot_token",)),
}


def _positional_names(head: str, callee: str) -> Sequence[str]:
    """Credential names of the leading positional arguments of ``head...callee(...)``."""
    for sdk in venues.sdk_by_head(head):
        if callee in sdk.client_classes or callee == "create" and sdk.client_classes:
            return sdk.positional_creds
    callees, names = _BOT_SDK_POSITIONAL.get(head, ((), ()))
    return names if callee in callees else ()


# a dict literal holding these keys is an exchange client config (ccxt / freqtrade style)
_CCXT_CONFIG_KEYS = {"apiKey", "secret", "api_key", "api_secret", "secretKey", "secret_key"}
_ENV_CALLS = {"getenv", "get", "setdefault", "putenv"}


def _subscript_key(node: cst.Subscript) -> Optional[str]:
    return subscript_key(node, literal)


def target_name(node: cst.CSTNode) -> Optional[Tuple[str, Tuple[str, ...]]]:
    """(name, parents) for an assignment target."""
    if isinstance(node, cst.Name):
        return node.value, ()
    if isinstance(node, cst.Attribute):
        return node.attr.value, ()
    if isinstance(node, cst.Subscript):
        key = _subscript_key(node)
        if key is None:
            return None
        parents = []
        base = node.value
        while isinstance(base, cst.Subscript):
            k = _subscript_key(base)
            if k is not None:
                parents.append(k)
            base = base.value
        return key, tuple(reversed(parents))
    return None


class HardcodedApiCredential(Rule):
    """## What it does
    Finds API keys, secrets and passphrases written into the code: literals bound to a
    credential name (`api_secret = "..."`, `{"apiKey": "...", "secret": "..."}` in a ccxt
    config, `Client("...", "...")`, `HTTP(api_key=...)`, `exchange.secret = "..."`,
    `os.getenv("API_SECRET", "...")` fallbacks), and the same keys in `.env`, JSON, YAML,
    TOML and INI files (freqtrade's `exchange.key`/`secret`, OctoBot's `api-key`,
    hummingbot's `*_api_secret`).

    ## Why is this bad?
    A committed exchange key is a key the whole history of the repository holds: anyone with
    a clone can trade, and if the key allows it, withdraw.  Bots get shared, forked and
    pushed to public GitHub, where scrapers find keys within minutes.

    ## Example
    ```python
    exchange = ccxt.binance({
        "apiKey": "{{fake:alnum64}}",
        "secret": "{{fake:alnum64}}",
    })
    ```

    ## Use instead
    ```python
    exchange = ccxt.binance({
        "apiKey": os.environ["BINANCE_API_KEY"],
        "secret": os.environ["BINANCE_API_SECRET"],
    })
    ```

    ## Known problems
    Values are judged by shape as well as name: placeholders (`YOUR_API_KEY`, `xxx`,
    `<secret>`), templates (`${SECRET}`), env var names, labels (`"Bearer"`), public
    addresses and short or word-like values are not reported.  A real secret that looks like
    a sentence is missed.  Findings in tests keep their code at a lower severity; there a bare
    UUID is taken for fixture data (a record id, a mocked session token) and not reported,
    while outside tests it is an OKX/KuCoin-style key.

    The author's word counts: a value whose comment, on its line or on the comment line right
    above, calls it a dummy, mock, fake, placeholder or bogus value, or an example / sample /
    test value (`# noqa: mock`, `# dummy key`, `# not a real key`), is not reported (every
    BOT1 rule).  `--ignore-noqa` reports it anyway, as it disregards every suppression.

    Fix (unsafe: `--fix --unsafe-fixes`): the literal becomes `os.environ["NAME"]`, NAME
    derived from the binding (`import os` added once); the program then needs the variable
    set.  Rotate the old key anyway: it stays in git history.

    ## References
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    - [ccxt: API keys setup](https://docs.ccxt.com/#/README?id=api-keys-setup)
    """

    CODE = "BOT101"
    SECRET = True
    IN_TESTS = "lower"  # test fixtures are also where real keys get pasted
    NAME = "hardcoded-api-credential"
    SEVERITY = Severity.CRITICAL
    CONFIDENCE = Confidence.HIGH
    CWE = 798
    MESSAGE = "Hard-coded API key, secret or passphrase"
    PRECHECK = PRECHECK
    REPORTS = ("BOT102", "BOT103", "BOT104", "BOT105", "BOT106", "BOT107", "BOT108", "BOT109")
    VALID = (
        'import os\napi_secret = os.environ["BINANCE_API_SECRET"]\n',
        'api_key = "YOUR_API_KEY"\nsecret = "${BINANCE_SECRET}"\npassword = ""\n',
        'token_type = "Bearer"\nnext_token = "NextToken"\nSECRET_ENV = "BINANCE_API_SECRET"\n',
        'config = {"apiKey": "<your key>", "secret": "xxxxxxxxxxxxxxxx"}\n',
        'api_key_hash = "{{fake:hex64}}"\n',
    )
    INVALID = (
        'api_secret = "{{fake:alnum64}}"\n',
        'import ccxt\nex = ccxt.okx({"apiKey": "{{fake:uuid}}", "secret": "{{fake:hex32u}}", '
        '"password": "{{fake:password}}"})\n',
        'from binance.client import Client\nclient = Client("{{fake:alnum64}}", "{{fake:alnum64}}")\n',
        'import os\nsecret = os.getenv("BYBIT_API_SECRET", "{{fake:alnum36}}")\n',
        'class Settings:\n    api_secret: str = "{{fake:alnum64}}"\n',
        'def connect(api_key="{{fake:alnum64}}"):\n    pass\n',
    )


    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._dicts: list = []  # per open dict literal: is it an exchange client config?
        self._elements: list = []  # per open dict element: (key, key node) when its value is a dict
        self._account_keys: set = set()  # key nodes already reported as account keys

    def _check(self, name: str, value_node: cst.CSTNode, parents: Tuple[str, ...] = (),
               kind: Optional[str] = None, where: Optional[str] = None) -> Optional[str]:
        """Report a credential bound to ``name``; the code reported, or None."""
        value = literal(value_node)
        if value is None or not value.strip():
            return None
        sec = self.ctx.settings.secrets
        verdict = binding.judge(name, value, parents, kind=kind, base64_limit=sec.base64_limit,
                                hex_limit=sec.hex_limit,
                                extra_placeholders=tuple(sec.allowed_placeholders), in_test=self.ctx.is_test)
        if verdict is None:
            return None
        shaped = binding.shape_verdict(value.strip())
        code, label = (shaped.code, shaped.label) if shaped else (verdict.code, verdict.label)
        from ..model import secret_message

        self.report(
            value_node,
            secret_message(label, where or f"`{mask_name(name)}`", len(value.strip()), "" if shaped else verdict.shape),
            code=code,
            confidence=verdict.confidence,
            secret_hash=secret_digest(value.strip()),
            specificity=S.SPECIFICITY.get(code, 0) + 1,
        )
        return code

    def _account_key(self, key: Optional[str], key_node: Optional[cst.CSTNode], code: Optional[str]) -> None:
        """``cfg["<api key>"]["api_secret"] = ...`` / ``{"<api key>": {"secret": ...}}``: the
        account's key is an API key too, reported once when a secret under it is."""
        if code != S.API or not key or key_node is None or id(key_node) in self._account_keys:
            return
        if not binding.is_account_key(key):
            return
        self._account_keys.add(id(key_node))
        from ..model import secret_message

        self.report(key_node, secret_message(binding.ACCOUNT_KEY_LABEL, "", len(key), S.describe(key) or ""),
                    code=S.API, confidence=Confidence.HIGH, secret_hash=secret_digest(key),
                    specificity=S.SPECIFICITY.get(S.API, 0) + 1)

    def _subscript_parent_key(self, target: cst.CSTNode, code: Optional[str]) -> None:
        if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Subscript):
            parent = target.value
            if len(parent.slice) == 1 and isinstance(parent.slice[0].slice, cst.Index):
                node = parent.slice[0].slice.value
                self._account_key(literal(node), node, code)

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            tgt = t.target
            if isinstance(tgt, (cst.Tuple, cst.List)) and isinstance(node.value, (cst.Tuple, cst.List)):
                for el, val in zip(tgt.elements, node.value.elements):
                    named = target_name(el.value)
                    if named:
                        self._check(named[0], val.value, named[1])
                continue
            named = target_name(tgt)
            if named:
                self._subscript_parent_key(tgt, self._check(named[0], node.value, named[1]))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            named = target_name(node.target)
            if named:
                self._check(named[0], node.value, named[1])

    def visit_Param(self, node: cst.Param) -> None:
        if node.default is not None:
            self._check(node.name.value, node.default)

    def visit_Dict(self, node: cst.Dict) -> None:
        keys = {literal(e.key) for e in node.elements if isinstance(e, cst.DictElement)}
        self._dicts.append(bool(keys & _CCXT_CONFIG_KEYS))

    def leave_Dict(self, original_node: cst.Dict) -> None:
        self._dicts.pop()

    def visit_DictElement(self, node: cst.DictElement) -> None:
        key = literal(node.key)
        enclosing = self._elements[-1] if self._elements else None
        self._elements.append((key, node.key) if key and isinstance(node.value, cst.Dict) else None)
        if not key:
            return
        if key in ("password", "passphrase") and self._dicts and self._dicts[-1]:
            code = self._check(key, node.value, kind=N.EXCHANGE, where=f"`{key}`")
        else:
            code = self._check(key, node.value)
        if enclosing is not None:
            self._account_key(enclosing[0], enclosing[1], code)

    def leave_DictElement(self, original_node: cst.DictElement) -> None:
        if self._elements:
            self._elements.pop()

    def visit_Call(self, node: cst.Call) -> None:
        func = self.ctx.imports.resolve(node.func) or ""
        short = func.rsplit(".", 1)[-1]
        positional = [a for a in node.args if a.keyword is None and not a.star]
        for a in node.args:
            if a.keyword is not None:
                self._check(a.keyword.value, a.value)
        if not positional:
            return
        kind = _POSITIONAL_KIND.get(short)
        if kind:
            self._check(short, positional[0].value, kind=kind, where=f"the `{short}()` argument")
            return
        if short in _ENV_CALLS and len(positional) >= 2 and ("environ" in func or short in ("getenv", "putenv")):
            env_name = literal(positional[0].value)
            if env_name:
                self._check(env_name, positional[1].value, where=f"the `{mask_name(env_name)}` fallback")
            return
        names = _positional_names(func.split(".")[0], short)
        for pname, arg in zip(names, positional):
            self._check(pname, arg.value, where=f"`{short}()` argument {pname}")


class HardcodedWalletKey(Rule):
    """## What it does
    Finds wallet private keys in code and config: EVM private keys (64 hex digits) bound to a
    key name or passed to `Account.from_key`, Solana keypairs (base58 or a 64-number byte
    array whose public half matches its seed), the ccxt `privateKey` of DEX venues such as
    Hyperliquid.

    ## Why is this bad?
    A wallet key is the wallet: there is no permission scope, no IP whitelist and no support
    desk.  Sweeper bots drain a leaked key's funds within seconds of it reaching GitHub.

    ## Example
    ```python
    PRIVATE_KEY = "{{fake:evm_key}}"
    ```

    ## Use instead
    ```python
    PRIVATE_KEY = os.environ["WALLET_PRIVATE_KEY"]  # or a hardware wallet / keystore file
    ```

    ## Known problems
    A 64-hex value is only reported with a key name or call context (transaction hashes have
    the same shape).  Public test keys (hardhat/anvil accounts) are reported too: they are
    emptied instantly on mainnet.

    Fix (unsafe: `--fix --unsafe-fixes`): the literal becomes `os.environ["NAME"]`, NAME
    derived from the binding (`import os` added once); the program then needs the variable
    set.  Rotate the old key anyway: it stays in git history.

    ## References
    - [CWE-321: Use of Hard-coded Cryptographic Key](https://cwe.mitre.org/data/definitions/321.html)
    - [web3.py: Account.from_key](https://web3py.readthedocs.io/en/stable/web3.eth.account.html)
    """

    CODE = "BOT102"
    SECRET = True
    IN_TESTS = "lower"
    NAME = "hardcoded-wallet-key"
    SEVERITY = Severity.CRITICAL
    CONFIDENCE = Confidence.HIGH
    CWE = 321
    MESSAGE = "Hard-coded wallet private key"
    VALID = (
        'import os\nPRIVATE_KEY = os.environ["PRIVATE_KEY"]\n',
        'tx_hash = "{{fake:evm_key}}"\nWALLET_ADDRESS = "0x' + "ab" * 20 + '"\n',
    )
    INVALID = (
        'PRIVATE_KEY = "{{fake:evm_key}}"\n',
        'from eth_account import Account\nacct = Account.from_key("{{fake:evm_key}}")\n',
        'SOLANA_KEYPAIR = "{{fake:solana}}"\n',
    )


class HardcodedSeedPhrase(Rule):
    """## What it does
    Finds BIP39 seed phrases: 12 to 24 words from the BIP39 English list whose checksum is
    valid, in code, comments, docstrings and config files.

    ## Why is this bad?
    A seed phrase derives every key of a wallet, on every chain.  Whoever reads it owns the
    funds, forever.

    ## Example
    ```python
    MNEMONIC = "{{fake:mnemonic}}"
    ```

    ## Use instead
    ```python
    MNEMONIC = os.environ["WALLET_MNEMONIC"]  # better: a hardware wallet
    ```

    ## Known problems
    The checksum rejects 15 of 16 random word sequences.  Well-known public test vectors
    (`abandon ... about`, hardhat's `test ... junk`) are not reported.

    ## References
    - [BIP39](https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki)
    """

    CODE = "BOT103"
    SECRET = True
    IN_TESTS = "lower"
    NAME = "hardcoded-seed-phrase"
    SEVERITY = Severity.CRITICAL
    CONFIDENCE = Confidence.HIGH
    CWE = 798
    MESSAGE = "Hard-coded BIP39 seed phrase"
    VALID = (
        'MNEMONIC = "' + " ".join(["abandon"] * 11 + ["about"]) + '"\n',
        'words = "the quick brown fox jumps over the lazy dog again and again"\n',
    )
    INVALID = ('MNEMONIC = "{{fake:mnemonic}}"\n', '# backup: {{fake:mnemonic}}\n')


class HardcodedPrivateKeyBlock(Rule):
    """## What it does
    Finds PEM private keys (`-----BEGIN ... PRIVATE KEY-----` with a real body), including the
    one-line `\\n`-escaped form used for Coinbase CDP keys and Binance/Bybit RSA or Ed25519
    signing keys.

    ## Why is this bad?
    A PEM key used as an exchange `secret` signs requests exactly like an HMAC secret.

    ## Example
    ```python
    COINBASE_API_SECRET = "{{fake:pem}}"
    ```

    ## Use instead
    ```python
    COINBASE_API_SECRET = Path(os.environ["CDP_KEY_FILE"]).read_text()
    ```

    ## Known problems
    A header without a body (`-----BEGIN PRIVATE KEY-----\\n...`), or with prose for a body,
    is not reported: code that reads or builds PEM keys holds the header strings
    (`key.replace("-----BEGIN PRIVATE KEY-----", "")`), and detect-secrets' header-only plugin
    flags every such file.

    ## References
    - [CWE-321](https://cwe.mitre.org/data/definitions/321.html)
    """

    CODE = "BOT104"
    SECRET = True
    IN_TESTS = "lower"
    NAME = "hardcoded-private-key-block"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = 321
    MESSAGE = "Hard-coded PEM private key"
    VALID = ('HEADER = "-----BEGIN PRIVATE KEY-----"\n',)
    INVALID = ('COINBASE_API_SECRET = "{{fake:pem}}"\n',)


class HardcodedBotToken(Rule):
    """## What it does
    Finds Telegram and Discord bot tokens, wherever they stand.

    ## Why is this bad?
    A bot token lets anyone impersonate the bot: read the commands your trading bot receives
    (including `/forcebuy`, `/stop`), message your users, and in bots with remote control,
    trade for you.

    ## Example
    ```python
    bot = telebot.TeleBot("{{fake:telegram}}")
    ```

    ## Use instead
    ```python
    bot = telebot.TeleBot(os.environ["TELEGRAM_BOT_TOKEN"])
    ```

    ## Known problems
    None known.

    Fix (unsafe: `--fix --unsafe-fixes`): the literal becomes `os.environ["NAME"]`, NAME
    derived from the binding (`import os` added once); the program then needs the variable
    set.  Rotate the old key anyway: it stays in git history.

    ## References
    - [Telegram Bot API: authorizing your bot](https://core.telegram.org/bots/api#authorizing-your-bot)
    """

    CODE = "BOT105"
    SECRET = True
    IN_TESTS = "lower"
    NAME = "hardcoded-bot-token"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = 798
    MESSAGE = "Hard-coded Telegram or Discord bot token"
    VALID = ('import os\nTOKEN = os.environ["TELEGRAM_BOT_TOKEN"]\n', 'chat_id = "123456789"\n')
    INVALID = ('TELEGRAM_TOKEN = "{{fake:telegram}}"\n',)


class HardcodedWebhookUrl(Rule):
    """## What it does
    Finds Discord and Slack webhook URLs, whose path is the credential.

    ## Why is this bad?
    Anyone with the URL can post into your channel as your bot: fake trade alerts, phishing
    links to "claim" funds, or spam that gets the webhook revoked mid-trade.

    ## Example
    ```python
    DISCORD_WEBHOOK = "{{fake:discord_webhook}}"
    ```

    ## Use instead
    ```python
    DISCORD_WEBHOOK = os.environ["DISCORD_WEBHOOK_URL"]
    ```

    ## Known problems
    None known.

    ## References
    - [Discord: intro to webhooks](https://support.discord.com/hc/en-us/articles/228383668)
    """

    CODE = "BOT106"
    SECRET = True
    IN_TESTS = "lower"
    NAME = "hardcoded-webhook-url"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = 798
    MESSAGE = "Hard-coded webhook URL"
    VALID = ('WEBHOOK = "https://discord.com/api/webhooks/<id>/<token>"\n',)
    INVALID = ('DISCORD_WEBHOOK = "{{fake:discord_webhook}}"\n', 'SLACK = "{{fake:slack_webhook}}"\n')


class HardcodedRpcKey(Rule):
    """## What it does
    Finds node-provider keys embedded in RPC URLs (Infura, Alchemy).

    ## Why is this bad?
    The key bills your account, and an attacker who holds it can see which wallets and
    contracts your bot watches.

    ## Example
    ```python
    w3 = Web3(Web3.HTTPProvider("{{fake:infura}}"))
    ```

    ## Use instead
    ```python
    w3 = Web3(Web3.HTTPProvider(os.environ["RPC_URL"]))
    ```

    ## Known problems
    Other providers' URLs are not recognised by shape.

    Fix (unsafe: `--fix --unsafe-fixes`): the literal becomes `os.environ["NAME"]`, NAME
    derived from the binding (`import os` added once); the program then needs the variable
    set.  Rotate the old key anyway: it stays in git history.

    ## References
    - [Infura: API key security](https://docs.infura.io/)
    """

    CODE = "BOT107"
    SECRET = True
    IN_TESTS = "lower"
    NAME = "hardcoded-rpc-key"
    SEVERITY = Severity.MEDIUM
    CONFIDENCE = Confidence.HIGH
    CWE = 798
    MESSAGE = "Hard-coded RPC provider key"
    VALID = ('RPC = "https://mainnet.infura.io/v3/YOUR_PROJECT_ID"\n',)
    INVALID = ('RPC = "{{fake:infura}}"\n', 'RPC = "{{fake:alchemy}}"\n')


class HardcodedPassword(Rule):
    """## What it does
    Finds passwords, access tokens and other secrets bound to credential names
    (`password`, `db_pass`, `access_token`, `client_secret`, `jwt_secret_key`), and passwords
    inside URLs (`postgres://bot:<password>@db/...`).

    ## Why is this bad?
    Bot dashboards (freqtrade's API server, jesse's UI), databases holding trade history and
    third-party APIs are all reachable with these.

    ## Example
    ```python
    API_SERVER_PASSWORD = "{{fake:password}}"
    ```

    ## Use instead
    ```python
    API_SERVER_PASSWORD = os.environ["API_SERVER_PASSWORD"]
    ```

    ## Known problems
    Word-only values (`"SuperSecurePassword"`) and placeholders (`"changeme"`,
    `"password123"`) are not reported: they are far more often examples than secrets.  A
    bare `token` is an asset symbol as often as a credential, so it is only reported when the
    value is long and random.

    Credential stores are the exception: in a file whose format exists to hold credentials
    (`.pgpass`, `.git-credentials`, `.netrc`, `.htpasswd`, shadow and proftpd `passwd` files,
    `.docker/config.json`, `.npmrc` and any `//registry/:_auth=` line, `.pypirc`, `.my.cnf`, `.s3cfg`,
    Composer's `auth.json`, Maven's `~/.m2/settings.xml`, FileZilla's server lists, editor
    SFTP profiles, JetBrains `WebServers.xml`, DBeaver, Robomongo, `.esmtprc`, Ventrilo's
    server file, Firefox `logins.json`), every password that is not an
    obvious placeholder, template or environment reference is reported, however weak: a
    leaked weak password is still leaked.  Crypt hashes there and in SQL dumps (bcrypt, SHA-512
    crypt, Apache MD5, Argon2, phpass, Django PBKDF2) are reported as password hashes (crackable
    offline), and wp-config.php's authentication keys and salts as secrets.  A value that only
    names its field (`password` as the password) is taken for a template.

    Fix (unsafe: `--fix --unsafe-fixes`): the literal becomes `os.environ["NAME"]`, NAME
    derived from the binding (`import os` added once); the program then needs the variable
    set.  Rotate the old key anyway: it stays in git history.

    ## References
    - [CWE-259: Use of Hard-coded Password](https://cwe.mitre.org/data/definitions/259.html)
    """

    CODE = "BOT108"
    SECRET = True
    IN_TESTS = "lower"
    NAME = "hardcoded-password"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.MEDIUM
    CWE = 259
    MESSAGE = "Hard-coded password or token"
    VALID = (
        'password = "changeme"\ntoken = "USDT"\nbase_token = "SOL"\n',
        'password_field = "{{fake:password}}"\n',
        'DB_URL = "postgresql://user:password@localhost/db"\n',
    )
    INVALID = (
        'API_SERVER_PASSWORD = "{{fake:password}}"\n',
        'ACCESS_TOKEN = "{{fake:alnum36}}"\n',
    )


class HardcodedServiceToken(Rule):
    """## What it does
    Finds tokens of other services recognised by their format through detect-secrets'
    plugins: AWS, GitHub, GitLab, Slack, Stripe, OpenAI, JWTs, npm, PyPI, SendGrid, Twilio and
    others; and Azure storage account keys (64 random bytes in base64) written as
    `AccountKey=...` or within two lines of a mention of Azure.

    ## Why is this bad?
    Bots pull in cloud and SaaS credentials (a cloud box to run on, an AI model for signals);
    each is as committed as an exchange key once it is in the repository.

    ## Example
    ```python
    GITHUB_TOKEN = "{{fake:github}}"
    ```

    ## Use instead
    ```python
    GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]
    ```

    ## Known problems
    Formats are detect-secrets'; botlint adds no network verification.  The part of a token
    after its prefix must look generated: `AKIA` + sixteen `Z`s, `SK` + thirty-two `x`s are
    placeholders and not reported (for a Slack token, whose numbers are ids, its last part).

    Fix (unsafe: `--fix --unsafe-fixes`): the literal becomes `os.environ["NAME"]`, NAME
    derived from the binding (`import os` added once); the program then needs the variable
    set.  Rotate the old key anyway: it stays in git history.

    ## References
    - [detect-secrets plugins](https://github.com/Yelp/detect-secrets#currently-supported-plugins)
    """

    CODE = "BOT109"
    SECRET = True
    IN_TESTS = "lower"
    NAME = "hardcoded-service-token"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = 798
    MESSAGE = "Hard-coded third-party service token"
    VALID = ('GITHUB_TOKEN = "ghp_your_token_here"\n',)
    INVALID = ('GITHUB_TOKEN = "{{fake:github}}"\n', 'aws_id = "{{fake:aws}}"\n')


class HighEntropyString(Rule):
    """## What it does
    Reports every quoted string whose Shannon entropy is above detect-secrets' limits (4.5
    bits per character for base64, 3.0 for hex), whatever it is bound to.  Opt-in: select it
    by code (`--extend-select BOT110`).

    ## Why is this bad?
    A secret bound to a meaningless name (`x = "..."`) escapes the name-aware rules.  This rule
    catches those, at the price of flagging hashes, checksums and test data: use it for an
    audit of an unfamiliar bot, not in CI.

    ## Example
    ```python
    x = "{{fake:alnum64}}"
    ```

    ## Use instead
    ```python
    x = os.environ["X"]
    ```

    ## Known problems
    Noisy by design; off by default.  Limits are set in `[tool.botlint.secrets]`.

    ## References
    - [detect-secrets: high entropy strings](https://github.com/Yelp/detect-secrets)
    """

    CODE = "BOT110"
    SOURCE = "secrets"
    SECRET = True
    IN_TESTS = "lower"
    NAME = "high-entropy-string"
    SEVERITY = Severity.LOW
    CONFIDENCE = Confidence.LOW
    CWE = 798
    DEFAULT_ENABLED = False
    MESSAGE = "High-entropy string (possible secret)"
    VALID = ('x = "hello world"\n',)
    INVALID = ('x = "{{fake:alnum64}}"\n',)
