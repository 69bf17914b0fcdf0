#!/usr/bin/env python3
"""POTFILES.in is complete and sorted (TAP).

Usage: test-potfiles.py SOURCE_ROOT

Every C file under src/ that marks a string for translation (_(", N_(",
C_(", NC_(", ngettext, g_dngettext) and every .ui file under ui/ with
translatable="yes", and every settings schema, must be listed in
po/POTFILES.in; the list must be sorted, without duplicates, and every
listed file must exist. A file that is missing means its strings never
reach a translator.
"""

import pathlib
import re
import sys

C_MARK = re.compile(r'(?<![A-Za-z0-9_])(N?C?_|g_dn?gettext|g_dpgettext2|ngettext)\s*\(')
UI_MARK = re.compile(r'translatable="(yes|true)"')


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
