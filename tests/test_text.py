"""The one line splitter and the one escaper for text that comes from scanned files."""
from botlint.text import LineIndex, escape, split_lines


def test_split_lines_breaks_like_the_tokenizer():
    # form feed, \v, \x1c and U+2028 are not line breaks for Python's tokenizer
    text = "a\x0cb\nc\x0bd\r\ne\x1cf\rg\u2028h\n"
    assert split_lines(text) == ["a\x0cb", "c\x0bd", "e\x1cf", "g\u2028h"]
    assert split_lines("") == [] and split_lines("\n") == [""] and split_lines("x") == ["x"]


def test_line_index_agrees_with_split_lines():
    text = "one\rtwo\r\nthree\x0cstill three\nfour"
    index = LineIndex(text)
    for offset, ch in enumerate(text):
        if ch in "\r\n":
            continue
        line, col = index.pos(offset)
        assert split_lines(text)[line - 1][col - 1] == ch


def test_escape_neutralises_control_and_bidi_characters():
    assert escape("plain/path.py") == "plain/path.py"
    assert escape("x\n::error::forged") == "x\\n::error::forged"
    assert escape("\x1b[2J") == "\\x1b[2J"
    assert escape("abc\u202edef") == "abc\\u202edef"
    assert escape("line\u2028sep\x85") == "line\\u2028sep\\x85"
    assert escape("caf\u00e9") == "caf\u00e9"  # printable non-ASCII stays
    assert escape("\ud800") == "\\ud800"  # a lone surrogate
