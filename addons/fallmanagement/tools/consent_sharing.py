"""Sharing a client's data on the basis of their consents.

The rules belong to the consent: ``fall.consent._valid_on_domain`` says
which consents are valid, ``_covers_recipient`` whom they name. Here what
follows from them: the check itself, why it refuses, in the counsellor's
words, and what a revocation stops.
"""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools import format_date


def sharing_problems(env, consents, categories, partner=None, county=False):
    """Why the client's data of ``categories`` may not go to the recipient.

    :param env: the caller's environment (its language words the sentences)
    :param consents: all consents of the client (sudo, see
        ``fall.consent._client_consents``)
    :param categories: the fall.data.category records to be shared
    :param partner: the recipient, an organisation or one of its contacts
    :param county: the recipient is the county
    :return: list of German (translated) sentences, empty when sharing is
        covered by valid consents.
    """
    matching = consents.filtered(lambda c: c._covers_recipient(partner, county))
    today = fields.Date.context_today(env["fall.consent"])
    valid = matching.filtered(lambda c: c._is_valid_on(today))
    if not valid:
        reasons = [_invalid_reason(env, consent) for consent in matching]
        return reasons or [
            env._("The client has not given any consent for this recipient.")
        ]
    problems = []
    # in the language of the caller, not of whoever loaded the records
    missing = (categories - valid.data_category_ids).with_env(env)
    for category in missing.sorted(lambda c: (c.sequence, c.name)):
        problems.append(
            env._(
                "The data category “%(category)s” is not covered by a valid consent.",
                category=category.name,
            )
        )
    return problems


def _invalid_reason(env, consent):
    """Why ``consent``, which names the recipient, is not valid today."""
    if consent.revoked_date:
        return env._(
            "The consent of %(signed)s was revoked on %(revoked)s.",
            signed=format_date(env, consent.signed_date),
            revoked=format_date(env, consent.revoked_date),
        )
    if not consent.signed_date:
        return env._("A consent for this recipient has not been signed yet.")
    if not consent.has_signed_scan:
        return env._(
            "The signed form of the consent of %(signed)s is "
            "missing: please attach the scan.",
            signed=format_date(env, consent.signed_date),
        )
    # signed, with its form, not revoked, and still not valid: it has ended
    return env._(
        "The consent of %(signed)s expired on %(until)s.",
        signed=format_date(env, consent.signed_date),
        until=format_date(env, consent.valid_until),
    )


def check_sharing(env, client, categories, partner=None, county=False, consents=None):
    """Raise unless valid consents let ``client``'s data go to the recipient.

    :param env: the caller's environment (its language words the refusal)
    :param client: the client (res.partner) whose data is shared
    :param categories: the fall.data.category records shared
    :param partner: the recipient, an organisation or one of its contacts
    :param county: the recipient is the county
    :param consents: all consents of ``client`` (sudo), if already read
    :raise UserError: in German, listing every missing piece
    """
    if consents is None:
        consents = env["fall.consent"]._client_consents(client)
    problems = sharing_problems(env, consents, categories, partner, county)
    if not problems:
        return
    listed = "\n".join(f"• {problem}" for problem in problems)
    if county:
        message = env._(
            "The data of %(client)s may not be shared with the county:\n%(problems)s",
            client=client.name,
            problems=listed,
        )
    else:
        message = env._(
            "The data of %(client)s may not be shared with %(recipient)s:"
            "\n%(problems)s",
            client=client.name,
            recipient=partner.commercial_partner_id.name,
            problems=listed,
        )
    raise UserError(message)


def stop_pending_sharing(consent):
    """After a revocation: warn on open referrals and cancel queued e-mails.

    :param consent: the revoked fall.consent
    :return: the referrals (sudo) the revocation concerns
    """
    consent.ensure_one()
    env = consent.env
    # sudo: the revocation must reach every referral of the client, also
    # sensitive ones the revoking user may not see; only a note is posted
    # and unsent e-mails are cancelled.
    Referral = env["fall.referral"].sudo()
    referrals = Referral.search(
        [
            ("client_id", "=", consent.client_id.id),
            ("state", "in", Referral._fall_open_states),
        ]
    ).filtered(lambda r: consent._covers_recipient(r.partner_id))
    for referral in referrals:
        referral.message_post(
            body=env._(
                "The client revoked the consent for %(recipient)s on %(date)s. "
                "Without a new consent no further data may be shared with the "
                "partner.",
                recipient=consent._recipient_label(),
                date=format_date(env, consent.revoked_date),
            ),
            subtype_xmlid="mail.mt_note",
        )
    if referrals:
        # sudo: queued e-mails are the mail queue's (administrators only);
        # only the unsent ones of these referrals are cancelled, none is read
        env["mail.mail"].sudo().search(
            [
                ("model", "=", "fall.referral"),
                ("res_id", "in", referrals.ids),
                ("state", "in", ("outgoing", "exception")),
            ]
        ).write({"state": "cancel"})
    return referrals
