"""Fail when a pin in requirements*.txt is missing from its hashed lock file.

Usage: python .ci/check_lock.py requirements.txt requirements.lock [more pairs]

``make install`` installs from the lock with ``--require-hashes``, so a package
added to requirements.txt without ``make lock`` would silently be left out.
Standard library only: this runs before any package is installed.
"""

import re
import sys
from pathlib import Path

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#\\]+)")


def _name(raw):
    return re.sub(r"[-_.]+", "-", raw).lower()


def pins(path, seen=None):
    """Return {name: version} for every ``name==version`` line, following ``-r`` includes."""
    seen = seen if seen is not None else set()
    path = Path(path)
    if path.resolve() in seen:
        return {}
    seen.add(path.resolve())
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith(("-r ", "--requirement ")):
            found.update(pins(path.parent / line.split(maxsplit=1)[1], seen))
        elif match := _PIN.match(line):
            found[_name(match[1])] = match[2]
    return found


def main(argv):
    if len(argv) % 2:
        sys.exit("usage: check_lock.py REQUIREMENTS LOCK [REQUIREMENTS LOCK ...]")
    problems = []
    for source, lock in zip(argv[::2], argv[1::2], strict=True):
        if not Path(lock).exists():
            problems.append(f"{lock} is missing")
            continue
        locked = pins(lock)
        for name, version in pins(source).items():
            if locked.get(name) != version:
                problems.append(f"{source} pins {name}=={version}, {lock} has {locked.get(name, 'nothing')}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit("The lock files are out of date: run `make lock` and commit requirements*.lock.")


if __name__ == "__main__":
    main(sys.argv[1:])
