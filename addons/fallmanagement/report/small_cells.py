"""Small-cell suppression for the workbooks for the county.

Primary suppression hides figures based on fewer cases than the threshold
(counts appear as ``<3``). That alone is not enough: a total, a difference or
a share next to a hidden cell gives it back (intake 5, reduced ``<3``, share
0.4: reduced is 2). Secondary suppression hides further cells until no hidden
cell can be recomputed from what is shown.

The reader's view is modelled as a set of linear relations between cells
(``sum(lhs) == sum(rhs)``: row and column totals, "open at the end = open at
the start + new - closed", reasons adding up to the closed cases, ...) and the
ranges a hidden cell can take: ``<3`` is 1 or 2, a cell withheld as ``x`` any
value from 0 up. Bounds are propagated through all relations together; as
long as some hidden cell is pinned to a single value, one more cell of a
relation it takes part in is withheld (the smallest non-zero one), or, where
none is left, the pinned ``<3`` cell itself becomes ``x`` (so ``x`` may hide a
small value too). Derived figures (shares, averages) are withheld when one of
their sources is.
"""

import math

PRIMARY = "primary"
SECONDARY = "secondary"

# bound propagation stops after this many rounds (it converges in a few)
MAX_ROUNDS = 100


def suppress_cells(cells, equations, derived, threshold):
    """Which cells to hide, and why.

    :param dict cells: ``{key: (value, base, protect, is_count)}``: the shown
        number (None: no value), the number of cases it stands for, whether
        primary suppression applies, whether it counts (integers, ``<3``)
    :param list equations: ``[(lhs keys, rhs keys)]`` with
        ``sum(lhs) == sum(rhs)``, as a reader can use them
    :param list derived: ``[(key, source keys)]``: a share or an average is
        hidden when one of its sources is
    :param int threshold: the smallest number shown; 0 or 1: no suppression
    :return: ``{key: PRIMARY or SECONDARY}`` for the hidden cells
    """
    if threshold <= 1:
        return {}
    state = {
        key: PRIMARY
        for key, (value, base, protect, _count) in cells.items()
        if protect and value is not None and 0 < base < threshold
    }
    for _step in range(len(cells) + 1):
        pinned = pinned_cells(cells, equations, state, threshold)
        if not pinned or not _withhold_one_more(
            cells, equations, state, pinned, threshold
        ):
            break
    changed = True
    while changed:
        changed = False
        for key, sources in derived:
            if key not in state and any(source in state for source in sources):
                state[key] = SECONDARY
                changed = True
    return state


def pinned_cells(cells, equations, state, threshold):
    """Hidden cells that the shown cells and the relations pin to one value."""
    bounds = {key: _initial_bounds(cells[key], state[key], threshold) for key in state}
    for _round in range(MAX_ROUNDS):
        changed = False
        for lhs, rhs in equations:
            changed |= _narrow(cells, state, bounds, lhs, rhs)
        if not changed:
            break
    return [key for key, (low, high) in bounds.items() if high - low < 1e-9]


def _initial_bounds(cell, reason, threshold):
    _value, _base, _protect, is_count = cell
    if reason == PRIMARY and is_count:
        return (1, threshold - 1)
    return (0, math.inf)


def _narrow(cells, state, bounds, lhs, rhs):
    """Narrow the bounds of the hidden cells of one relation; changed?"""
    terms = [(key, 1) for key in lhs] + [(key, -1) for key in rhs]
    hidden = [(key, sign) for key, sign in terms if key in state]
    if not hidden:
        return False
    shown = [(key, sign) for key, sign in terms if key not in state]
    target = -sum(sign * (cells[key][0] or 0) for key, sign in shown)
    changed = False
    for key, sign in hidden:
        low_others = high_others = 0
        for other, other_sign in hidden:
            if other == key:
                continue
            low, high = bounds[other]
            low_others += min(other_sign * low, other_sign * high)
            high_others += max(other_sign * low, other_sign * high)
        low, high = target - high_others, target - low_others
        if sign < 0:
            low, high = -high, -low
        if cells[key][3]:  # counts are whole numbers
            low = math.ceil(low - 1e-9) if math.isfinite(low) else low
            high = math.floor(high + 1e-9) if math.isfinite(high) else high
        old_low, old_high = bounds[key]
        new = (max(old_low, low), min(old_high, high))
        if new[0] > new[1]:  # inconsistent data: leave the cell as it is
            continue
        if new[0] > old_low + 1e-9 or new[1] < old_high - 1e-9:
            bounds[key] = new
            changed = True
    return changed


def _withhold_one_more(cells, equations, state, pinned, threshold):
    """Hide one more cell so that a pinned cell gets loose; done anything?

    Of the non-zero cells of the relations with a pinned cell, the one that
    leaves the fewest cells pinned is taken, the smallest of equals (few
    figures lost: the classic 2 x 2 pattern in a table with totals); where
    there is none, the largest pinned ``<3`` cell becomes ``x``.
    """
    pinned_set = set(pinned)
    candidates = {}
    for lhs, rhs in equations:
        members = [*lhs, *rhs]
        if not pinned_set.intersection(members):
            continue
        for key in members:
            value = cells[key][0]
            if key not in state and value is not None and value > 0:
                candidates.setdefault(key, value)
    if candidates:

        def pinned_after(key):
            trial = {**state, key: SECONDARY}
            pinned = pinned_cells(cells, equations, trial, threshold)
            return len(pinned), candidates[key]

        state[min(candidates, key=pinned_after)] = SECONDARY
        return True
    small = [key for key in pinned if state[key] == PRIMARY]
    if small:
        # the largest: typically the total the small cells add up to
        state[max(small, key=lambda key: cells[key][0])] = SECONDARY
        return True
    return False
