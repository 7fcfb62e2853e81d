"""The audit's verdict (one category and one sentence a non-programmer reads first) and the
"what to do" list, tailored to what was found and to the exchanges."""
from __future__ import annotations

from typing import List

from ..analysis.capabilities import ONCHAIN, READ, TRADE, TRANSFER, WITHDRAW
from .model import Audit

# verdict categories, worst first (the JSON's "verdict")
MALICIOUS = "malicious"
MOVES_FUNDS = "moves_funds"
LEAKED_KEY = "hard_coded_credential"
EXPOSES_KEY = "exposes_credentials"
TRADES = "trade"
READS = "read_only"
NO_KEY = "no_exchange_key"


def verdict(a: Audit) -> str:
    p = a.permissions
    if a.malicious:
        return MALICIOUS
    if p[WITHDRAW] or p[TRANSFER]:
        return MOVES_FUNDS
    if a.hard_coded:
        return LEAKED_KEY
    if a.exposed:
        return EXPOSES_KEY
    if p[TRADE]:
        return TRADES
    if p[READ]:
        return READS
    return NO_KEY


def _needs(a: Audit) -> str:
    p = a.permissions
    names = [n for n in (READ, TRADE) if p[n]]
    return " and ".join(names) if names else "no exchange permission"


def verdict_text(a: Audit) -> str:
    v = verdict(a)
    p = a.permissions
    if v == MALICIOUS:
        n = len(a.family("BOT5"))
        return (f"Do not run this bot: it contains code typical of key-stealing malware "
                f"({n} finding{'s' if n != 1 else ''} below), and do not give it any key or wallet.")
    if v == MOVES_FUNDS:
        what = " and ".join(w for w, on in (("withdraw", p[WITHDRAW]), ("transfer", p[TRANSFER])) if on)
        return (f"This bot can move money out of your account ({what}): give it such a key only if you "
                f"really want that, and only with a withdrawal address whitelist.")
    if v == LEAKED_KEY:
        if not (p[READ] or p[TRADE]):  # nothing to give it: say so rather than "no ... permission only"
            return ("This bot has a password or key written into its code: treat that key as public; the bot "
                    "makes no exchange account call botlint can see, so give it no exchange API key.")
        return ("This bot has a password or key written into its code: treat that key as public, and use "
                f"your own new key with {_needs(a)} permission only.")
    if v == EXPOSES_KEY:
        needs = f"needs {_needs(a)} permission" if p[READ] or p[TRADE] else "needs no exchange permission"
        return (f"This bot {needs}, but it can reveal your key (in a log, a message, "
                "a file or to another website): fix that or do not run it with a real key.")
    onchain = " It also signs blockchain transactions with a wallet key." if p[ONCHAIN] else ""
    if v == TRADES:
        return ("This bot needs read and trade permission only; no withdrawal, transfer or malicious code "
                "was found." + onchain)
    if v == READS:
        return "This bot only reads your account (read permission); it places no orders." + onchain
    if p[ONCHAIN]:
        return "This bot signs blockchain transactions with a wallet key; it makes no exchange account calls."
    return "This bot makes no exchange account call botlint can see: it needs no exchange API key."


def advice(a: Audit) -> List[str]:
    p = a.permissions
    out: List[str] = []
    if a.malicious:
        out.append("Do not run this bot, and do not install it (installing it with pip may already run its setup.py "
                   "code). If you ran it, move your funds, rotate every key and password on that machine, "
                   "and treat the machine as compromised.")
        return out
    ex = ", ".join(a.exchanges[:6]) if a.exchanges else "your exchange"
    if p[READ] or p[TRADE]:
        perms = "read and trade" if p[TRADE] else "read"
        only = "" if p[WITHDRAW] or p[TRANSFER] else " only"
        out.append(f"Create a new API key on {ex} for this bot alone, with {perms} permission{only}.")
    if p[WITHDRAW] or p[TRANSFER]:
        out.append("Leave withdraw and transfer OFF unless you need the bot to move funds; if you do, "
                   "whitelist the withdrawal addresses at the exchange and review the code that moves them "
                   "(listed under permissions).")
    elif p[READ] or p[TRADE]:
        out.append("Never enable withdraw or transfer for this key: the bot does not need them.")
    if p[READ] or p[TRADE]:
        out.append("Restrict the key to your server's IP address (IP whitelisting) and use a sub-account "
                   "holding only what the bot may trade.")
    if p[ONCHAIN]:
        out.append("Give the bot a fresh wallet holding only what it needs, never your main wallet's key or "
                   "seed phrase.")
    if a.hard_coded:
        out.append("A key or password is written into the code: whoever had this code has it. Do not use it; "
                   "if it is yours, rotate it now (delete it at the exchange and create a new one).")
    if a.exposed:
        out.append("The bot can leak credentials (see the BOT2 and BOT504 findings): fix or remove that code before "
                   "giving it a real key, and rotate any key it already printed or sent.")
    if any(h.kind in ("raw_ip", "unknown") for h in a.hosts):
        out.append("It contacts hosts that are neither exchanges nor known services (listed under hosts): "
                   "find out why before running it.")
    if not out:
        out.append("No exchange key is needed: do not give it one.")
    return out
