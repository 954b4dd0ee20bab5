"""Count the Odoo tests of a log in one unit: test methods.

Odoo's ``odoo.tests.result`` line counts every failing subtest and every
failing ``setUpClass`` as a failure, but its "N tests" counts the test
methods that ran, so ``N tests - N failed`` can go negative. This reads the
log and prints ``PASSED FAILED TOTAL``: a method whose subtests fail counts
once, a class whose ``setUpClass`` fails counts once as failed.
"""

import re
import sys

RESULT = re.compile(
    r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests"
)
FAILURE = re.compile(
    r" (odoo\.addons\.[\w.]+): (?:FAIL|ERROR): (?:Subtest )?"
    r"(setUpClass \([\w.]+\)|\w+\.\w+)"
)


def summarize(lines):
    """Return ``(passed, failed, total)`` for the Odoo log ``lines``."""
    total = reported = 0
    failures = set()
    for line in lines:
        result = RESULT.search(line)
        if result:
            failed, errors, tests = map(int, result.groups())
            reported += failed + errors
            total += tests
        failure = FAILURE.search(line)
        if failure:
            failures.add(failure.groups())
    methods = sum(1 for _module, name in failures if not name.startswith("setUpClass"))
    failed = len(failures) or (1 if reported else 0)
    return max(total - methods, 0), failed, total


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
        print(*summarize(log))
