"""Where credentials leave a program: the BOT2 sink vocabulary, as data.

Each :class:`SinkSpec` is one line: a kind (which BOT2 codes judge it: see each rule's
``SINKS``), the callee (resolved dotted names, endings, or a method name with a receiver test
the data-flow collector knows: ``logger``, ``file``, ``console``, ``socket``, ``http``,
``self``, ``name``, ``=exact.receiver``), the keyword arguments that are options rather than
content, and the imports a generic method name needs before it counts (``send`` is a Discord
send only in a module that imports discord).

Specs are tried in this order and the first that matches decides the call: keep a more
specific spec above a more general one.  To add a sink, add a line to its kind's group (and a
fixture line in ``fixtures/rules/BOT2*``).
"""
from __future__ import annotations

import re
from typing import Tuple

from ...analysis.dataflow import (
    CONSOLE, FILE, HTTP, LOG, LOG_LEVEL, METRICS, NOTIFY, SOCKET, SinkSpec, register_sinks,
)

LOG_METHODS = tuple(
    """debug info warning warn error exception critical fatal log trace success msg network
    adebug ainfo awarning aerror aexception acritical afatal alog amsg""".split()
)
LOG_SKIP = ("exc_info", "stack_info", "stacklevel", "level", "send_notification", "log_type")
PRINT_SKIP = ("file", "sep", "end", "flush", "stream", "width", "indent")
CONSOLE_SKIP = ("file", "sep", "end", "flush", "stacklevel", "category", "level")
CHAT_SKIP = ("chat_id", "parse_mode", "reply_markup", "disable_notification", "channel", "chat",
             "message_thread_id", "reply_to_message_id", "disable_web_page_preview", "from_addr",
             "to_addrs", "msg_type")
# a receiver named like a socket or a queue: its send() is no chat message
SOCKETY = re.compile(r"(?i)ws|socket|sock$|conn|transport|queue|stream|writer|pipe|zmq|redis|pub|producer|wss")
CHAT_MODULES = ("aiogram", "telegram", "pyrogram", "telebot", "telethon")
BOT_SKIP = ("chat_id", "parse_mode", "reply_markup", "delete_after")
DISCORD_MODULES = ("discord", "nextcord", "disnake")

# a Streamlit page shows what it writes to whoever opens it (the sidebar and the containers too)
_ST_CALLS = ("write", "text", "json", "code", "markdown", "caption", "info", "success", "warning", "error",
             "dataframe", "table", "metric", "header", "subheader", "title", "write_stream", "echo", "toast")
STREAMLIT_OUTPUTS: Tuple[str, ...] = tuple(
    f"{mod}{area}.{call}" for mod in ("streamlit", "st") for area in ("", ".sidebar") for call in _ST_CALLS)

METRIC_MODULES = ("prometheus_client", "aioprometheus", "prometheus_async")

# metric label values and info: served on /metrics to whoever scrapes it (above the log specs:
# ``BOT_INFO.info({...})`` of a prometheus Info is no log call)
METRIC_SINKS: Tuple[SinkSpec, ...] = (
    SinkSpec(METRICS, methods=("info", "labels", "state"), receiver="metric", imports=METRIC_MODULES),
    SinkSpec(METRICS, methods=("labels",), imports=METRIC_MODULES),
)

LOG_SINKS: Tuple[SinkSpec, ...] = (
    SinkSpec(LOG, methods=LOG_METHODS, receiver="logger", skip=LOG_SKIP, notify_kw="send_notification"),
    SinkSpec(LOG, methods=("bind", "contextualize"), receiver="logger"),
    SinkSpec(LOG, receiver="=structlog.contextvars"),
    SinkSpec(LOG, suffixes=("bind_contextvars",)),
    SinkSpec(LOG, methods=("log",), receiver="self", skip=LOG_SKIP, notify_kw="send_notification"),  # jesse, hummingbot
    SinkSpec(LOG, methods=("log_with_clock",), skip=LOG_SKIP, start=1),  # hummingbot
)

CONSOLE_SINKS: Tuple[SinkSpec, ...] = (
    SinkSpec(CONSOLE, callees=("rich.pretty.pprint",), receiver="name", skip=PRINT_SKIP, whole_objects=True),
    SinkSpec(CONSOLE, callees=("print", "rich.print"), receiver="name", skip=PRINT_SKIP, redirect_kw="file"),
    SinkSpec(CONSOLE, callees=("pprint", "ic", "exit", "quit", "pprint.pprint", "icecream.ic"), receiver="name",
             skip=PRINT_SKIP),
    SinkSpec(CONSOLE, callees=(
        "print", "pprint.pprint", "pprint.pp", "rich.print", "rich.print_json", "rich.pretty.pprint",
        "sys.stdout.write", "sys.stderr.write", "sys.stdout.writelines", "sys.stderr.writelines",
        "warnings.warn", "click.echo", "click.secho", "typer.echo", "typer.secho", "tqdm.tqdm.write",
        "tqdm.write", "sys.exit", "exit", "quit",
        "jesse.helpers.debug", "jh.debug", "icecream.ic", "ic") + STREAMLIT_OUTPUTS, skip=CONSOLE_SKIP),
    SinkSpec(CONSOLE, callees=("rich.inspect", "rich*.inspect"), first_only=True, whole_objects=True),
    SinkSpec(CONSOLE, methods=("print", "log", "print_json", "out", "rule"), receiver="console",
             skip=("style", "end", "sep", "justify", "markup")),  # rich Console
    SinkSpec(CONSOLE, methods=("write", "writelines"), receiver="=sys.stdout|sys.stderr|sys.__stdout__|sys.__stderr__"),
)

FILE_SINKS: Tuple[SinkSpec, ...] = (
    SinkSpec(FILE, callees=("pickle.dump", "dill.dump", "cloudpickle.dump", "joblib.dump"), needs_stream=True,
             whole_objects=True),
    SinkSpec(FILE, callees=("json.dump", "yaml.dump", "yaml.safe_dump", "yaml.dump_all", "toml.dump", "tomli_w.dump",
                            "tomlkit.dump", "ruamel.yaml.dump", "marshal.dump"), needs_stream=True),
    SinkSpec(FILE, callees=("dotenv.set_key", "dotenv.main.set_key"), only=2, only_kw="value_to_set"),
    SinkSpec(FILE, methods=("write", "writelines", "writerow", "writerows"), receiver="file"),
    SinkSpec(FILE, methods=("write_text", "write_bytes"), skip=("encoding", "errors", "newline")),  # pathlib
)

SOCKET_SINKS: Tuple[SinkSpec, ...] = (
    SinkSpec(SOCKET, methods=("send", "sendall", "sendto", "send_str", "send_json", "send_bytes", "write"),
             receiver="socket", skip=("flags", "timeout")),
)

NOTIFY_SINKS: Tuple[SinkSpec, ...] = (
    SinkSpec(NOTIFY, callees=(
        "sentry_sdk.capture_message", "sentry_sdk.set_context", "sentry_sdk.set_extra", "sentry_sdk.set_tag",
        "sentry_sdk.set_tags", "sentry_sdk.set_user", "sentry_sdk.add_breadcrumb", "jesse.services.notifier.notify",
        "jesse.services.notifier.notify_urgently"), skip=CONSOLE_SKIP),
    # capture_exception(err, extras={...}, tags={...}, contexts={...}, user={...}): the scope's data
    SinkSpec(NOTIFY, callees=("sentry_sdk.capture_exception", "sentry_sdk.capture_event"), start=1,
             skip=("scope", "hint", "level")),
    SinkSpec(NOTIFY, callees=("dhooks.Webhook",), suffixes=("DiscordWebhook", "DiscordEmbed"),
             skip=("url", "username", "avatar_url", "rate_limit_retry", "proxies", "timeout")),
    SinkSpec(NOTIFY, methods=("set_context", "set_extra", "set_tag", "set_tags", "set_user", "add_breadcrumb",
                              "capture_message"), imports=("sentry_sdk",), need_receiver="scope"),
    SinkSpec(NOTIFY, methods=("send_message", "sendMessage"), not_receiver=SOCKETY, skip=CHAT_SKIP),
    SinkSpec(NOTIFY, methods=("reply_to",), skip=CHAT_SKIP, start=1),  # telebot reply_to(message, text)
    SinkSpec(NOTIFY, methods=("sendmail",), skip=CHAT_SKIP, start=2),  # smtplib sendmail(from, to, msg)
    SinkSpec(NOTIFY, methods=tuple(
        """send_msg notify_hb_app notify_hb_app_with_timestamp reply_text reply_html reply_markdown
        reply_markdown_v2 edit_message_text editMessageText send_document send_photo sendDocument sendPhoto
        chat_postMessage chat_postEphemeral chat_update files_upload files_upload_v2 capture_message
        send_notification edit_text answer_callback_query""".split()), skip=CHAT_SKIP),
    SinkSpec(NOTIFY, methods=("answer",), imports=CHAT_MODULES, skip=BOT_SKIP),
    SinkSpec(NOTIFY, methods=("reply",), imports=CHAT_MODULES + DISCORD_MODULES,
             skip=BOT_SKIP),
    SinkSpec(NOTIFY, methods=("respond",), imports=("telethon",), skip=BOT_SKIP),  # telethon's event.respond
    SinkSpec(NOTIFY, methods=("send",), imports=("discord", "discord_webhook", "nextcord", "disnake", "slack_sdk",
                                                 "dhooks", "apprise", "pushover", "notifiers", "interactions"),
             not_receiver=SOCKETY, unless_receiver="webhook",
             skip=BOT_SKIP),
    SinkSpec(NOTIFY, methods=("notify",), imports=("apprise", "notifiers", "plyer", "jesse", "desktop_notifier",
                                                   "pushover"),
             skip=BOT_SKIP),
    SinkSpec(NOTIFY, methods=("execute",), imports=("discord_webhook",), skip=BOT_SKIP),
    SinkSpec(NOTIFY, methods=("push_note", "push_link", "push_sms"), imports=("pushbullet",), skip=BOT_SKIP),
    SinkSpec(NOTIFY, methods=("post",), imports=("dhooks", "discord_webhook"), need_receiver="hook", skip=BOT_SKIP),
)

HTTP_SINKS: Tuple[SinkSpec, ...] = (
    SinkSpec(HTTP, methods=("get", "post", "put", "patch", "delete", "head", "options", "request", "urlopen",
                            "Request", "stream"), receiver="http"),
)

# logging configuration (not a sink: BOT207 judges it with the module's ccxt clients)
LOG_LEVEL_SITES: Tuple[SinkSpec, ...] = (
    SinkSpec(LOG_LEVEL, callees=("logging.basicConfig", "coloredlogs.install", "logzero.loglevel",
                                 "logging.config.dictConfig"), methods=("setLevel",)),
)

ALL: Tuple[SinkSpec, ...] = (METRIC_SINKS + LOG_SINKS + CONSOLE_SINKS + FILE_SINKS + SOCKET_SINKS + NOTIFY_SINKS
                             + HTTP_SINKS                             + LOG_LEVEL_SITES)
register_sinks(ALL)
