"""The test command's summary counts Odoo tests in one unit (issue 16)."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "odoo_log_summary", Path(__file__).with_name("odoo_log_summary.py")
)
odoo_log_summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(odoo_log_summary)

PREFIX = "2026-12-01 10:00:00,000 1 ERROR db odoo.addons.fallmanagement.tests.test_a: "
RESULT = (
    "2026-12-01 10:00:00,000 1 INFO db odoo.tests.result: "
    "%d failed, %d error(s) of %d tests when loading database 'db'"
)


def test_subtests_count_once_and_never_negative():
    lines = [PREFIX + f"FAIL: Subtest TestA.test_x (i={i})" for i in range(30)]
    lines.append(RESULT % (30, 0, 27))
    assert odoo_log_summary.summarize(lines) == (26, 1, 27)


def test_errors_and_failing_setupclass():
    lines = [
        PREFIX + "ERROR: TestA.test_y",
        PREFIX + "FAIL: TestA.test_z",
        PREFIX + "ERROR: setUpClass (odoo.addons.fallmanagement.tests.test_a.TestB)",
        RESULT % (1, 2, 10),
    ]
    assert odoo_log_summary.summarize(lines) == (8, 3, 10)


def test_clean_log_and_unparsed_failure():
    assert odoo_log_summary.summarize([RESULT % (0, 0, 5)]) == (5, 0, 5)
    # a failure reported without a FAIL line still fails the run
    assert odoo_log_summary.summarize([RESULT % (1, 0, 5)]) == (5, 1, 5)
