#!/bin/sh
# Refresh the message catalogs from the code: extract every marked string into bot/locale/vahti.pot
# and merge it into each language's .po (new strings arrive untranslated; the i18n test then fails
# until they are translated). The .po files are compiled in memory at run time (bot/i18n.py).
set -eu
BIN=${BIN:-.venv/bin}
"$BIN/pybabel" extract -F babel.cfg --no-location --sort-output --omit-header -w 100 \
    -o bot/locale/vahti.pot bot handlers jobs
for po in bot/locale/*/LC_MESSAGES/vahti.po; do
    lang=$(basename "$(dirname "$(dirname "$po")")")
    "$BIN/pybabel" update -i bot/locale/vahti.pot -d bot/locale -D vahti -l "$lang" \
        --no-fuzzy-matching --ignore-obsolete -w 100
done
