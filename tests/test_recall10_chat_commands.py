"""BOT201: a chat command handler that takes credentials from another text of the same update
than the one it logs (aiogram's ``command.args`` beside ``message.text``, python-telegram-bot's
``context.args`` beside ``update.message.text``, discord's ``ctx.message.content``), through
``(x or "").split()`` or an already split list; the words unpacked from the text are each one
word, not the whole text (``exchange`` of ``exchange, key, secret = ...split()`` is not a
credential), and a handler taking no credential stays quiet."""
from __future__ import annotations

import pytest

from botlint.engine import lint_source

from helpers import line_of, settings


def found(src, select=("BOT2",)):
    return [(f.line, f.code) for f in lint_source(src, "bot.py", settings(list(select)))]


AIOGRAM = '''import logging

from aiogram import Dispatcher
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

log = logging.getLogger("bot")
dp = Dispatcher()


@dp.message(Command("addkey"))
async def addkey(message: Message, command: CommandObject):
    log.info("addkey from %s: %s", message.from_user.id, message.text)
    try:
        exchange, key, secret = (command.args or "").split()
    except ValueError:
        await message.answer("usage: /addkey <exchange> <key> <secret>")
        return
    await message.answer(f"saved {exchange} key ****{key[-4:]}")
    await save(message.from_user.id, exchange, key, secret)
'''

PTB = '''import logging

logger = logging.getLogger(__name__)


async def set_keys(update, context):
    logger.info("user %s sent %s", update.effective_user.id, update.message.text)
    api_key, api_secret = context.args
    await update.message.reply_text("keys stored")
    store(update.effective_user.id, api_key, api_secret)
'''

DISCORD = '''import logging

from discord.ext import commands

log = logging.getLogger("signals")
bot = commands.Bot(command_prefix="!")


@bot.command()
async def wallet(ctx):
    print("command:", ctx.message.content)
    _, private_key = ctx.message.content.split(maxsplit=1)
    await ctx.send("wallet imported")
    remember(ctx.author.id, private_key)
'''


@pytest.mark.parametrize("src,needle", [
    (AIOGRAM, "log.info("), (PTB, "logger.info("), (DISCORD, "print("),
], ids=["aiogram_command_args", "ptb_context_args", "discord_content"])
def test_the_logged_text_of_a_command_taking_credentials(src, needle):
    assert found(src, ("BOT201",)) == [(line_of(src, needle), "BOT201")]


def test_the_first_word_unpacked_is_not_the_credential():
    # the exchange's name and a masked key go back to the user: no finding there
    assert [c for c in found(AIOGRAM) if c[1] != "BOT201"] == []


@pytest.mark.parametrize("src", [
    AIOGRAM.replace("exchange, key, secret = ", "exchange, symbol, side = ")
           .replace("key[-4:]", "symbol").replace("key, secret)", "symbol, side)"),
    PTB.replace("api_key, api_secret = context.args", "symbol, qty = context.args")
       .replace("api_key, api_secret)", "symbol, qty)"),
], ids=["aiogram_order", "ptb_order"])
def test_a_command_taking_no_credential_is_quiet(src):
    assert found(src) == []
