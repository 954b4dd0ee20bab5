"""What the county may see of a case file."""

from collections import defaultdict

from odoo import fields

# What the county may see of a case on the agenda of a conference it takes
# part in (shown on the agenda item, never the case itself) and in the case
# list of the workbooks for the county. Client names,
# barriers, plan, contacts, notes, documents and chatter are never here.
#
# The conference's process data: the county commissions the case management
# and puts the case on the agenda; no further consent is needed.
FALL_COUNTY_BASE_FIELDS = (
    "name",
    "company_id",
    "stage_id",
    "user_id",
    "assignment_date",
    "county_contact_id",
    "opened_date",
    "review_date",
    "plan_review_due_date",
)
# Data about the client: shown only with a valid consent of the client for the
# county (fall.consent, recipient "county") covering the data category with
# this code; None: any valid consent for the county covers it.
FALL_COUNTY_CONSENT_FIELDS = {
    "customer_number": "customer_number",
    "contact_hours": None,
    "closed_date": None,
    "closure_reason": None,
    "job_start_date": None,
    "job_kind": None,
}
FALL_COUNTY_FIELDS = FALL_COUNTY_BASE_FIELDS + tuple(FALL_COUNTY_CONSENT_FIELDS)


def county_visible_fields(cases):
    """Which fields of each case the county may see.

    ``{case id: frozenset of field names}`` (cases with the same consents
    share one frozenset): the process data of ``FALL_COUNTY_BASE_FIELDS``,
    plus the fields of ``FALL_COUNTY_CONSENT_FIELDS`` that a valid consent of
    the client for the county covers today.
    """
    env = cases.env
    today = fields.Date.context_today(cases)
    # sudo: consents are checked, not shown; county staff cannot read them.
    Consent = env["fall.consent"].sudo()
    consents = Consent.search_fetch(
        [
            ("client_id", "in", cases.client_id.ids),
            ("recipient_kind", "=", "county"),
            *Consent._valid_on_domain(today),
        ],
        ["client_id", "data_category_ids"],
    )
    # read from the cache as fetched: thousands of consents in a county
    # workbook, no record-by-record field access
    cache = env.cache
    codes = {category.id: category.code for category in consents.data_category_ids}
    covered = defaultdict(set)
    for client_id, category_ids in zip(
        cache.get_values(consents, Consent._fields["client_id"]),
        cache.get_values(consents, Consent._fields["data_category_ids"]),
        strict=True,
    ):
        covered[client_id].add(None)
        covered[client_id].update(codes[category_id] for category_id in category_ids)
    # one set per combination of consented categories, shared by the cases
    base = frozenset(FALL_COUNTY_BASE_FIELDS)
    by_codes = {}

    def visible(codes):
        key = frozenset(codes)
        if key not in by_codes:
            by_codes[key] = base | {
                fname
                for fname, code in FALL_COUNTY_CONSENT_FIELDS.items()
                if codes and code in codes
            }
        return by_codes[key]

    client_ids = env.cache.get_values(cases, cases._fields["client_id"])
    return {
        case_id: visible(covered.get(client_id, ()))
        for case_id, client_id in zip(cases.ids, client_ids, strict=True)
    }
