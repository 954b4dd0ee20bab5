import itertools
import random

from odoo.tests import BaseCase, tagged

from ..report.small_cells import PRIMARY, SECONDARY, pinned_cells, suppress_cells


def count(value):
    return (value, value, True, True)


@tagged("post_install", "-at_install")
class TestSmallCells(BaseCase):
    """Secondary suppression: no hidden cell can be recomputed."""

    def test_share_of_a_hidden_count_is_hidden(self):
        # intake 5, reduced 2 ('<3'), share 0.4 gave back reduced = 2
        cells = {
            "intake": count(5),
            "reduced": count(2),
            "share": (0.4, 5, True, False),
        }
        hidden = suppress_cells(cells, [], [("share", ["reduced", "intake"])], 3)
        self.assertEqual(hidden, {"reduced": PRIMARY, "share": SECONDARY})

    def test_total_beside_one_hidden_cell(self):
        cells = {"a": count(5), "b": count(2), "c": count(4), "total": count(11)}
        hidden = suppress_cells(cells, [(["total"], ["a", "b", "c"])], [], 3)
        self.assertEqual(hidden, {"b": PRIMARY, "c": SECONDARY})

    def test_two_small_cells_adding_up_to_a_small_total(self):
        # 1 + 1 = 2 all shown as '<3' pins each of them: the total becomes 'x'
        cells = {"a": count(1), "b": count(1), "zero": count(0), "total": count(2)}
        hidden = suppress_cells(cells, [(["total"], ["a", "b", "zero"])], [], 3)
        self.assertEqual(hidden["total"], SECONDARY)
        self.assertEqual(hidden["a"], PRIMARY)
        self.assertNotIn("zero", hidden)

    def test_table_with_totals_gets_the_classic_pattern(self):
        values = [[1, 7, 8], [6, 9, 15], [7, 16, 23]]
        cells = {
            (r, c): count(v) for r, row in enumerate(values) for c, v in enumerate(row)
        }
        equations = [([(r, 2)], [(r, 0), (r, 1)]) for r in range(3)] + [
            ([(2, c)], [(0, c), (1, c)]) for c in range(3)
        ]
        hidden = suppress_cells(cells, equations, [], 3)
        self.assertEqual(set(hidden), {(0, 0), (0, 1), (1, 0), (1, 1)})
        self.assertFalse(pinned_cells(cells, equations, hidden, 3))

    def test_no_suppression_below_threshold_two(self):
        cells = {"a": count(1), "total": count(1)}
        self.assertEqual(suppress_cells(cells, [(["total"], ["a"])], [], 0), {})

    def test_random_tables_checked_by_trying_every_value(self):
        """2 x 3 tables with row and column totals: every hidden cell keeps
        at least two values consistent with everything shown."""
        generator = random.Random(10)
        for _index in range(15):
            inner = [
                [generator.choice([0, 1, 2, 3, 4, 5]) for _c in range(3)]
                for _r in range(2)
            ]
            values = [row + [sum(row)] for row in inner]
            values.append([sum(col) for col in zip(*values, strict=True)])
            cells = {
                (r, c): count(v)
                for r, row in enumerate(values)
                for c, v in enumerate(row)
            }
            equations = [([(r, 3)], [(r, c) for c in range(3)]) for r in range(3)] + [
                ([(2, c)], [(0, c), (1, c)]) for c in range(4)
            ]
            hidden = suppress_cells(cells, equations, [], 3)
            self._assert_not_recomputable(values, hidden, equations)

    def _assert_not_recomputable(self, values, hidden, equations):
        keys = sorted(hidden)
        domains = [range(1, 3) if hidden[key] == PRIMARY else range(10) for key in keys]
        # the inner cells decide the totals: try them, derive the rest
        seen = {key: set() for key in keys}
        free = [key for key in keys if key[0] < 2 and key[1] < 3]
        free_domains = [domains[keys.index(key)] for key in free]
        for combination in itertools.product(*free_domains):
            trial = {
                (r, c): v for r, row in enumerate(values) for c, v in enumerate(row)
            }
            trial.update(zip(free, combination, strict=True))
            for r in range(2):
                trial[r, 3] = sum(trial[r, c] for c in range(3))
            for c in range(4):
                trial[2, c] = trial[0, c] + trial[1, c]
            consistent = all(
                (trial[key] in range(1, 3)) if hidden.get(key) == PRIMARY else True
                for key in keys
            ) and all(
                trial[key] == values[key[0]][key[1]]
                for key in trial
                if key not in hidden
            )
            if consistent:
                for key in keys:
                    seen[key].add(trial[key])
        for key in keys:
            if values[key[0]][key[1]] == 0:
                continue
            self.assertGreater(len(seen[key]), 1, f"{key} of {values}: {hidden}")
