#!/usr/bin/env python3
"""Brings a translation catalogue up to date with the English tables.

Reads every src/render/i18n/en_*.c table (key, English text) and the
existing src/render/i18n/po/LANG.po (msgctxt = key, msgid = English,
msgstr = translation), and writes the .po again sorted by key: new keys
get an empty msgstr; a key whose English text changed keeps its old
translation marked fuzzy (po2c.sh leaves fuzzy entries out, so the
English shows until a translator confirms it); keys no longer in the
English tables are dropped. A translator then edits the .po with any
gettext tool (Poedit, Lokalize, a text editor).

usage: scripts/po-update.py LANG
"""

import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENTRY = re.compile(r'\t\{ "([^"]+)",\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\},', re.S)


def c_unescape(s):
    """C string body -> text (\\xNN byte escapes are UTF-8 bytes)."""
    out = bytearray()
    i = 0
    while i < len(s):
        ch = s[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
            continue
        nxt = s[i + 1]
        if nxt == "x":
            out.append(int(s[i + 2:i + 4], 16))
            i += 4
            continue
        out += {"n": b"\n", "t": b"\t", '"': b'"', "\\": b"\\"}.get(
            nxt, nxt.encode())
        i += 2
    return out.decode("utf-8")


def po_escape(s):
    return (s.replace("\\", "\\\\").replace('"', '\\"')
            .replace("\n", "\\n").replace("\t", "\\t"))


def po_unescape(s):
    return c_unescape(s)


def english():
    out = {}
    for path in sorted(glob.glob(os.path.join(TOP, "src/render/i18n",
                                              "en_*.c"))):
        for m in ENTRY.finditer(open(path, encoding="utf-8").read()):
            parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2))
            out[m.group(1)] = c_unescape("".join(parts))
    return out


def read_po(path):
    entries = {}
    if not os.path.exists(path):
        return entries
    cur = {}
    field = None
    for line in open(path, encoding="utf-8").read().split("\n") + [""]:
        if not line.strip():
            if "ctx" in cur:
                entries[cur["ctx"]] = cur
            cur, field = {}, None
            continue
        if line.startswith("#,") and "fuzzy" in line:
            cur["fuzzy"] = True
            continue
        if line.startswith("#"):
            continue
        m = re.match(r'(msgctxt|msgid|msgstr) "(.*)"$', line)
        if m:
            field = {"msgctxt": "ctx", "msgid": "id", "msgstr": "str"}[
                m.group(1)]
            cur[field] = po_unescape(m.group(2))
            continue
        m = re.match(r'"(.*)"$', line)
        if m and field:
            cur[field] += po_unescape(m.group(1))
    return entries


def write_po(path, lang, en, old, extra=None):
    extra = extra or {}
    lines = ['msgid ""', 'msgstr ""',
             '"Project-Id-Version: casebook\\n"',
             '"Language: %s\\n"' % lang,
             '"MIME-Version: 1.0\\n"',
             '"Content-Type: text/plain; charset=UTF-8\\n"',
             '"Content-Transfer-Encoding: 8bit\\n"', ""]
    for key in sorted(en):
        text = en[key]
        e = old.get(key, {})
        tr = extra.get(key, e.get("str", ""))
        fuzzy = e.get("fuzzy", False)
        if key not in extra and e and e.get("id") != text and tr:
            fuzzy = True
        if key in extra:
            fuzzy = False
        if fuzzy:
            lines.append("#, fuzzy")
        lines.append('msgctxt "%s"' % po_escape(key))
        lines.append('msgid "%s"' % po_escape(text))
        lines.append('msgstr "%s"' % po_escape(tr))
        lines.append("")
    open(path, "w", encoding="utf-8").write("\n".join(lines))


def main():
    lang = sys.argv[1] if len(sys.argv) > 1 else "bs"
    path = os.path.join(TOP, "src/render/i18n/po", lang + ".po")
    en = english()
    old = read_po(path)
    write_po(path, lang, en, old)
    missing = [k for k in en if not old.get(k, {}).get("str")]
    print("%s: %d keys, %d without a translation" % (path, len(en),
                                                     len(missing)))


if __name__ == "__main__":
    main()
