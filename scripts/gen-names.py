#!/usr/bin/env python3
"""Writes the English names of the vocabulary's codes as i18n tables:
src/render/i18n/en_countries.c (country.XX) and en_languages.c
(lang.xxx), from Debian's iso-codes data (apt-get install iso-codes).

Run by hand when src/domain/vocab/countries.c or languages.c change,
and commit what it writes: the tables are source, not build output.

usage: scripts/gen-names.py [ISO_CODES_JSON_DIR]

Names: a country's common name where ISO 3166-1 gives one ("Bolivia",
"Syria"), else its short name; XK, a user-assigned code, is Kosovo. A
language's ISO 639-3 name (ISO 639-2 for the collective codes ber and
sgn) without "(macrolanguage)", except for the few in OVERRIDE, whose
ISO name a caseworker would not look for.
"""

import json
import os
import re
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SRC = os.path.join(TOP, "src")

COUNTRY_EXTRA = {"XK": "Kosovo"}
# ISO 639-2 gives "Pushto; Pashto"; the others drop a qualifier.
OVERRIDE = {"ps": "Pashto", "el": "Greek", "oc": "Occitan",
            "ia": "Interlingua"}


def codes(path, name):
    text = open(os.path.join(SRC, path), encoding="utf-8").read()
    body = text.split(name, 1)[1].split("NULL", 1)[0]
    return re.findall(r'"([A-Za-z]{2,3})"', body)


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, comment, array, prefix, names):
    out = ["/*"]
    out += [(" * " + line).rstrip() for line in comment.splitlines()]
    out += [
        " * Written by scripts/gen-names.py from Debian's iso-codes data;",
        " * sorted by key (strcmp order): lookup is a binary search.",
        " */",
        "#include <sys/types.h>",
        "",
        '#include "render/i18n.h"',
        "",
        "const struct cb_i18n_entry %s[] = {" % array,
    ]
    for code in sorted(names, key=lambda c: (prefix + c).encode()):
        line = "\t{ %s, %s }," % (c_str(prefix + code), c_str(names[code]))
        if len(line.expandtabs(8)) > 80:
            line = "\t{ %s,\n\t    %s }," % (c_str(prefix + code),
                                            c_str(names[code]))
        out.append(line)
    out += ["};", "",
            "const size_t %s_n =" % array,
            "    sizeof(%s) / sizeof(%s[0]);" % (array, array), ""]
    with open(os.path.join(SRC, path), "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/iso-codes/json"
    c3166 = json.load(open(os.path.join(d, "iso_3166-1.json"),
                           encoding="utf-8"))["3166-1"]
    l3 = json.load(open(os.path.join(d, "iso_639-3.json"),
                        encoding="utf-8"))["639-3"]
    l2 = json.load(open(os.path.join(d, "iso_639-2.json"),
                        encoding="utf-8"))["639-2"]

    by2 = {c["alpha_2"]: c.get("common_name", c["name"]) for c in c3166}
    by2.update(COUNTRY_EXTRA)
    countries = {}
    for code in codes("domain/vocab/countries.c", "cb_vocab_countries[]"):
        if code not in by2:
            sys.exit("no name for country %s" % code)
        countries[code] = by2[code]

    lang = {}
    for x in l2:
        lang[x["alpha_3"]] = x["name"]
    for x in l3:
        lang[x["alpha_3"]] = x["name"]
        if "alpha_2" in x:
            lang[x["alpha_2"]] = x["name"]
    languages = {}
    for code in codes("domain/vocab/languages.c", "cb_vocab_languages[]"):
        name = OVERRIDE.get(code) or lang.get(code)
        if name is None:
            sys.exit("no name for language %s" % code)
        languages[code] = name.replace(" (macrolanguage)", "")

    write("render/i18n/en_countries.c",
          "i18n/en_countries: English names of the countries of\n"
          "src/domain/vocab/countries.c, country.<ISO 3166-1 alpha-2>.",
          "cb_i18n_en_countries", "country.", countries)
    write("render/i18n/en_languages.c",
          "i18n/en_languages: English names of the languages of\n"
          "src/domain/vocab/languages.c, lang.<ISO 639 code>.",
          "cb_i18n_en_languages", "lang.", languages)
    print("%d countries, %d languages" % (len(countries), len(languages)))


if __name__ == "__main__":
    main()
