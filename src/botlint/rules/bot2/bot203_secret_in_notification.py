"""BOT203: credentials sent in a chat message or notification."""
from __future__ import annotations

from typing import List, Optional

from ...analysis.dataflow import HTTP, NOTIFY, SOCKET, DataFlow, SinkSite, Source
from ...model import Confidence, Severity
from ._family import Bot2Rule, Report
from .bot205_secret_sent_to_third_party import NOTIFICATION, egress


class SecretInNotification(Bot2Rule):
    """## What it does
    Reports credentials sent as a notification: Telegram (python-telegram-bot, aiogram,
    telebot, raw `api.telegram.org` calls), Discord webhooks and bots, Slack, apprise, SMTP,
    Sentry (messages, `set_context` / `set_extra` / `set_tag` / `set_user` on the SDK or a scope,
    and the `extras=` / `tags=` / `contexts=` of `capture_exception`), and framework notifiers
    (freqtrade's `self.dp.send_msg`, hummingbot's `notify_hb_app`, jesse's `notify` and
    `self.log(..., send_notification=True)`).

    ## Why is this bad?
    Chat messages live on third-party servers, in every member's history, in push
    notifications on lock screens, and often in group chats.  Key-stealing bots use exactly this
    channel to collect their victims' keys.

    ## Example
    ```python
    await bot.send_message(chat_id, f"bot started with key {BINANCE_API_KEY}")
    ```

    ## Use instead
    ```python
    await bot.send_message(chat_id, "bot started")
    ```

    ## Known problems
    Generic method names (`answer`, `reply`, `send`, `notify`) are only sinks when the module
    imports a chat or notification library.  The bot token in the Telegram API URL is not a
    leak (it goes to Telegram).

    ## References
    - [CWE-200: Exposure of Sensitive Information to an Unauthorized Actor](https://cwe.mitre.org/data/definitions/200.html)
    """

    CODE = "BOT203"
    NAME = "secret-in-notification"
    SEVERITY = Severity.HIGH
    CONFIDENCE = Confidence.HIGH
    CWE = 200
    IN_TESTS = "lower"  # a network sink: what a test sends has left the machine (kept, one severity lower)
    MESSAGE = "Credential sent in a notification"
    VALID = (
        'import os, requests\nTOKEN = os.environ["TELEGRAM_BOT_TOKEN"]\n'
        "def notify(chat_id, text):\n"
        '    requests.post(f"https://api.telegram.org/bot{TOKEN}/sendMessage",\n'
        '                  json={"chat_id": chat_id, "text": text})\n'
        'notify(1, "bot started")\n',
    )
    INVALID = (
        'import os, requests\nTOKEN = os.environ["TELEGRAM_BOT_TOKEN"]\nKEY = os.environ["BINANCE_API_KEY"]\n'
        "def notify(chat_id, text):\n"
        '    requests.post(f"https://api.telegram.org/bot{TOKEN}/sendMessage",\n'
        '                  json={"chat_id": chat_id, "text": text})\n'
        'notify(1, f"bot started with key {KEY}")\n',
        'from telegram import Bot\nimport os\nbot = Bot(os.environ["TELEGRAM_BOT_TOKEN"])\n'
        "async def hello(chat_id):\n"
        "    await bot.send_message(chat_id, text=f\"secret: {os.environ['BYBIT_API_SECRET']}\")\n",
    )

    # chat APIs, and HTTP requests that go to a notification service (judged with BOT205)
    SINKS = (NOTIFY, HTTP, SOCKET)

    def judge(self, flow: DataFlow, site: SinkSite, sources: List[Source]) -> Optional[Report]:
        if site.kind == NOTIFY:
            return Report(site.node, sources, "reaches " + site.what)
        verdict = egress(flow, site, sources)
        return verdict[1] if verdict is not None and verdict[0] == NOTIFICATION else None
