#!/usr/bin/env python3
"""POTFILES.in is complete and sorted (TAP).

Usage: test-potfiles.py SOURCE_ROOT

Every C file under src/ that marks a string for translation (_(", N_(",
C_(", NC_(", ngettext, g_dngettext) and every .ui file under ui/ with
translatable="yes", and every settings schema, must be listed in
po/POTFILES.in; the list must be sorted, without duplicates, and every
listed file must exist. A file that is missing means its strings never
reach a translator.

No translatable string has a macro spliced into it ("%" G_GINT64_FORMAT
" waiting"): xgettext cuts the string there, and the macro's expansion
differs between platforms, so the catalogue's string would not match.

And no app source passes a bare string literal to a call that shows text
(gtk_label_set_text (…, "literal"), adw_*_set_title (…, "literal"), a
toast, a notification…): such a string never reaches a translator either.
Literals without a letter ("", " · ", "%s — %s") and data keys in lower
case without spaces (tg_record_get (note, "body")) are allowed.
"""

import pathlib
import re
import sys

C_MARK = re.compile(r'(?<![A-Za-z0-9_])(N?C?_|g_dn?gettext|g_dpgettext2|ngettext)\s*\(')
UI_MARK = re.compile(r'translatable="(yes|true)"')

# Calls whose string arguments a worker reads.
SHOWN_CALL = re.compile(
    r'\b(gtk_label_(set_text|set_label|set_markup|new|new_with_mnemonic)'
    r'|gtk_button_(set_label|new_with_label|new_with_mnemonic)'
    r'|gtk_check_button_(set_label|new_with_label|new_with_mnemonic)'
    r'|gtk_widget_set_tooltip_(text|markup)|gtk_window_set_title'
    r'|adw_\w+_set_(title|subtitle|description|body|heading|label|placeholder_text)'
    r'|adw_toast_new|adw_status_page_new|adw_\w+_add_toast_with_title'
    r'|g_notification_(new|set_body|set_title)|g_application_send_notification'
    r'|tg_\w+_(set_notice|set_unlock_hint|set_starting|show_toast)'
    r'|g_task_return_new_error)\s*\(')
STRING = r'"(?:[^"\\\n]|\\.)*"'
# A marked string (or several pieces of one), which is what the rule wants.
MARKED = re.compile(r'(?<![A-Za-z0-9_])(N?C?_|g_dn?gettext|g_dpgettext2|ngettext)\s*\('
                    r'(\s*(NULL|' + STRING + r')\s*,?)+')
LITERAL = re.compile(STRING)
FORMAT = re.compile(r'%[-+ #0-9.]*(l|ll|h|z)?[a-zA-Z]')
# Field names and ids ("body", "prison_number") are data keys, not text.
KEY = re.compile(r'^[a-z0-9_.:-]+$')


def call_arguments(text: str, start: int) -> str:
    """The text between the call's parentheses, from the one at @start."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == '"':
            i = LITERAL.match(text, i).end()
            continue
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
        i += 1
    return text[start + 1:]


def bare_shown_strings(text: str) -> list:
    """String literals with a letter passed unmarked to a call that shows text."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    found = []
    for call in SHOWN_CALL.finditer(text):
        arguments = MARKED.sub(' ', call_arguments(text, call.end() - 1))
        for literal in LITERAL.findall(arguments):
            words = FORMAT.sub('', literal[1:-1])
            if re.search(r'[A-Za-z]', words) and not KEY.match(words) \
               and call.group(1) != 'g_application_send_notification':
                line = text.count('\n', 0, call.start()) + 1
                found.append(f'{line}: {call.group(1)} ({literal})')
    return found


# A gettext call whose string has a macro between its pieces.
GETTEXT_CALL = re.compile(r'(?<![A-Za-z0-9_])(N?C?_|g_dn?gettext|g_dpgettext2|ngettext)\s*\(')
SPLICED = re.compile(STRING + r'\s*[A-Z][A-Z0-9_]*\s*(' + STRING + r'|\))')


def spliced_macros(text: str) -> list:
    """Gettext calls with a macro spliced between string pieces."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    found = []
    for call in GETTEXT_CALL.finditer(text):
        arguments = call_arguments(text, call.end() - 1)
        if SPLICED.search(arguments):
            line = text.count('\n', 0, call.start()) + 1
            found.append(f'{line}: {arguments.strip()[:60]}')
    return found


SAMPLE_SPLICED = 'g_dngettext (NULL, "%" G_GINT64_FORMAT " change", "%" G_GINT64_FORMAT " changes", n);\n'

# The rule must catch what it is there to catch: a sample it must flag,
# and the marked forms it must let through.
SAMPLE_BARE = 'gtk_label_set_text (self->label, ok ? _("Yes") : "Not yet");\n' \
              'adw_preferences_row_set_title (row, "No conflicts");\n'
SAMPLE_MARKED = 'gtk_label_set_text (self->label, "");\n' \
                'adw_action_row_set_subtitle (row, _("Done " "here"));\n' \
                'adw_toast_new (g_dngettext (NULL, "%d day", "%d days", n));\n'


def needs_translation(path: pathlib.Path) -> bool:
    text = path.read_text(encoding='utf-8')
    if path.suffix in ('.c', '.h'):
        return C_MARK.search(text) is not None
    if path.suffix == '.ui':
        return UI_MARK.search(text) is not None
    if path.name.endswith('.gschema.xml.in'):
        return '<summary>' in text
    return False


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    potfiles = root / 'po' / 'POTFILES.in'
    listed = [line.strip() for line in potfiles.read_text(encoding='utf-8').splitlines()
              if line.strip() and not line.lstrip().startswith('#')]

    candidates = sorted(
        [p for p in (root / 'src').rglob('*.[ch]')]
        + [p for p in (root / 'ui').rglob('*.ui')]
        + [p for p in (root / 'data').glob('*.gschema.xml.in')])
    marked = [p.relative_to(root).as_posix() for p in candidates if needs_translation(p)]

    checks = []
    missing = [f for f in marked if f not in listed]
    checks.append(('every file with translatable strings is listed', missing,
                   'missing from po/POTFILES.in: '))
    checks.append(('the list is sorted', [] if listed == sorted(listed) else
                   [f'{a} before {b}' for a, b in zip(listed, listed[1:]) if a > b],
                   'out of order: '))
    dupes = sorted({f for f in listed if listed.count(f) > 1})
    checks.append(('no file is listed twice', dupes, 'listed twice: '))
    gone = [f for f in listed if not (root / f).is_file()]
    checks.append(('every listed file exists', gone, 'listed but not found: '))
    unmarked = [f for f in listed if (root / f).is_file() and not needs_translation(root / f)]
    checks.append(('every listed file has a translatable string', unmarked,
                   'listed but has nothing to translate: '))

    checks.append(('the bare-string rule catches a bare string',
                   [] if len(bare_shown_strings(SAMPLE_BARE)) == 2 else
                   [SAMPLE_BARE], 'not caught: '))
    checks.append(('the bare-string rule lets marked strings through',
                   bare_shown_strings(SAMPLE_MARKED), 'flagged: '))
    checks.append(('the macro rule catches a spliced macro',
                   [] if spliced_macros(SAMPLE_SPLICED) else [SAMPLE_SPLICED], 'not caught: '))
    spliced = []
    for path in sorted((root / 'src').rglob('*.c')):
        spliced += [f'{path.relative_to(root).as_posix()}:{problem}'
                    for problem in spliced_macros(path.read_text(encoding='utf-8'))]
    checks.append(('no macro spliced into a translatable string', spliced,
                   'macro inside a translatable string: '))
    bare = []
    for path in sorted((root / 'src' / 'app').glob('*.c')):
        bare += [f'{path.relative_to(root).as_posix()}:{problem}'
                 for problem in bare_shown_strings(path.read_text(encoding='utf-8'))]
    checks.append(('no bare string shown to a worker', bare,
                   'not marked for translation: '))

    print(f'1..{len(checks)}')
    failed = 0
    for number, (name, problems, prefix) in enumerate(checks, 1):
        if problems:
            failed += 1
            print(f'not ok {number} - {name}')
            for problem in problems:
                print(f'# {prefix}{problem}')
        else:
            print(f'ok {number} - {name}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
