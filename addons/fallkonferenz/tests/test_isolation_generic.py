"""One generic isolation test over every model of the case management addons.

Issue 10, "What to build" 6. The models come from the registry (every
``fall.*`` model, and the models our modules add fields to, found in
``ir.model.fields``), the rule fields from the ``ir.rule`` domains, the
records from a fixture that fills every model for both associations. For one
user of each role in ALRA and AiA, for the county and for an internal user
without a case role it checks

(a) reads of records of the other association and of sensitive records of a
    colleague's case: search, search_count, read, read_group, name_search,
    export_data, web_read, web_read following many2one fields, related
    fields – through the ORM for everything, over JSON-RPC for a sample;
(b) writes: every many2one/many2many field of every record the user may
    write with a value of another organisation or hidden from the user, and
    every field a record rule depends on with a value that widens the
    audience; creates with a foreign value – each in a savepoint;
(c) side paths: followers, activities, messages and their tracking values,
    attachments (also over /web/content), mentions, conference events and
    their invitations.

It collects every leak and fails once, with the whole list. It lives in
fallkonferenz so that the models of both addons are installed.

What is allowed is the README's promise (``_may_read`` of the engine) plus
the tables below; where issue 10 leaves the policy to be decided, the table
says so and can be adjusted when the fixes are merged.
"""

import base64
import logging
from collections import defaultdict
from functools import partial

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.fallmanagement.tests.common import SCAN, FallNetworkCommon

from .common import FallkonferenzCommon
from .isolation import QUIET_LOGGERS, IsolationEngine, LeakLog, clock

# ---------------------------------------------------------------------------
# Policy tables (adjust here when the fixes of issue 10 are merged)
# ---------------------------------------------------------------------------

# Models without an association: catalogues every counsellor reads and only
# administrators write. Any other model must say whose it is (company_id,
# association_id, company_ids or association_ids), or the test fails.
SHARED_CATALOGUES = {
    "fall.case.stage",
    "fall.barrier.type",
    "fall.partner.type",
    "fall.data.category",
}
# Models extended by our addons whose records belong to nobody in particular:
# only attacked through our fields (users edit their own user record).
UNBOUND_MODELS = {"res.users", "res.company"}
# Boolean fields that restrict a record to the counsellors of its case.
SENSITIVITY_FLAGS = ("is_sensitive", "is_confidential")
# Writes that legitimately widen who reads a record: (model, field) ->
# (roles of the writer that may do it, whether it must leave a trace in the
# chatter of the record or its case). Roles: head, member (counsellor of the
# association), responsible (counsellor of the case), participant (of the
# conference), county.
# Issue 10, 2. leaves open who sets deputies and who lifts sensitivity; the
# entries below are the proposal of the issue: the head, or the responsible
# counsellor with a logged reason.
LEGITIMATE_WIDENING = {
    ("fall.case", "user_id"): ({"head"}, True),
    ("fall.case", "counsellor_ids"): ({"head", "responsible"}, True),
    ("fall.contact", "is_confidential"): ({"head", "responsible"}, True),
    ("fall.authority.matter", "is_sensitive"): ({"head", "responsible"}, True),
    # a counsellor moves an item of her association to another conference;
    # its county participants then see the case summary, as for a new item
    ("fall.conference.agenda.item", "conference_id"): ({"member"}, False),
    # the organiser and the participants invite people to a conference
    ("fall.conference", "participant_user_ids"): (
        {"member", "participant", "county"},
        False,
    ),
    ("fall.conference", "user_id"): ({"member", "participant", "county"}, False),
    ("fall.conference", "association_ids"): (
        {"member", "participant", "county"},
        False,
    ),
}
# Conference fields where another association is the point: a conference is
# shared by the county and both associations (not attacked with "foreign").
CROSS_ASSOCIATION_FIELDS = {
    ("fall.conference", "participant_user_ids"),
    ("fall.conference", "guest_partner_ids"),
    ("fall.conference", "association_ids"),
    ("fall.conference", "user_id"),
    ("fall.conference", "organiser_company_id"),
}
# Fields of wizards whose values are checked when the wizard is used, not
# when they are stored: a foreign value has no effect.
CHECKED_ON_USE = {
    # the export refuses associations the head does not belong to
    ("fall.county.report", "company_ids"),
}
# Records county staff legitimately create for an association they do not
# belong to: (model, field) whose value may be of any association. County
# staff record the tasks agreed in a conference they take part in (README
# "Tasks for county staff are activities on the agenda item"); the record
# rule limits the agenda items to those conferences.
COUNTY_CREATES_ACROSS = {
    ("fall.conference.task", "item_id"),
}
# Related fields that show data of a record the reader may not open, on
# purpose: the county sees the case number and association of agenda items.
DISCLOSED_RELATED = {
    ("fall.conference.agenda.item", "case_name"),
    ("fall.conference.agenda.item", "company_id"),
    ("fall.conference.agenda.item", "association_name"),
}
# Attendees of a conference event (names, e-mail addresses) only for attendees.
CONFERENCE_ATTENDEES_PRIVATE = True
# Models read over JSON-RPC (a sample; the ORM reads all of them).
_logger = logging.getLogger(__name__)

RPC_MODELS = (
    "fall.case",
    "fall.case.barrier",
    "fall.contact",
    "fall.consent",
    "fall.conference.agenda.item",
    "res.partner",
)


@tagged("post_install", "-at_install", "fall_isolation")
class TestIsolationGeneric(
    FallkonferenzCommon, FallNetworkCommon, HttpCase, IsolationEngine
):
    SHARED_CATALOGUES = SHARED_CATALOGUES
    UNBOUND_MODELS = UNBOUND_MODELS
    SENSITIVITY_FLAGS = SENSITIVITY_FLAGS
    LEGITIMATE_WIDENING = LEGITIMATE_WIDENING
    DISCLOSED_RELATED = DISCLOSED_RELATED
    CROSS_ASSOCIATION_FIELDS = CROSS_ASSOCIATION_FIELDS
    CHECKED_ON_USE = CHECKED_ON_USE
    COUNTY_CREATES_ACROSS = COUNTY_CREATES_ACROSS
    CONFERENCE_ATTENDEES_PRIVATE = CONFERENCE_ATTENDEES_PRIVATE

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        started = clock()
        cls.actors = {
            "counsellor": cls.user_counsellor,
            "colleague": cls.user_colleague,
            "lead": cls.user_lead,
            "counsellor_aia": cls.user_counsellor_aia,
            "lead_aia": cls.user_lead_aia,
            "county": cls.user_county,
            "internal": cls.user_internal,
        }
        cls._index_actors(others=[cls.user_county_other])
        cls._discover()
        cls.fixture_keys = []
        cls.markers = {}
        cls.pool = defaultdict(list)
        cls.coverage_errors = []
        cls._build_fixture()
        cls._compute_expectations()
        cls.setup_seconds = clock() - started
        cls.timings = []

    @classmethod
    def tearDownClass(cls):
        total = sum(seconds for _name, seconds, _checks in cls.timings)
        checks = sum(count for _name, _seconds, count in cls.timings)
        _logger.info(
            f"generic isolation test: {checks} checks in {total:.1f} s "
            f"(+ {cls.setup_seconds:.1f} s fixture): "
            + ", ".join(f"{n} {c} checks {s:.1f} s" for n, s, c in cls.timings)
        )
        super().tearDownClass()

    # ------------------------------------------------------------------
    # Fixture
    # ------------------------------------------------------------------

    @classmethod
    def _add(cls, records):
        for rec in records.sudo():
            key = (rec._name, rec.id)
            if key not in cls.fixture_keys:
                cls.fixture_keys.append(key)
                cls.pool[rec._name].append(rec)
        return records

    @classmethod
    def _marker(cls, record):
        """A unique word carried by the record's text; its audience is the record's."""
        token = f"ISO{len(cls.markers) + 1:03d}X"
        cls.markers[token] = (record._name, record.id)
        return token

    @classmethod
    def _build_fixture(cls):
        cls.client_colleague = cls._create_client(
            cls.company_alra, name="Carla Kollegenfall", fall_customer_number="K-2002"
        )
        cls.case_colleague = cls._create_case(cls.client_colleague, cls.user_colleague)
        cls._add(cls.client | cls.client_colleague | cls.client_aia)
        cls._add(cls.case | cls.case_colleague | cls.case_aia)
        # values an attacker writes (users, companies, partners of users)
        cls.pool["res.users"] += [u.sudo() for u in cls.actors.values()]
        cls.pool["res.users"].append(cls.user_county_other.sudo())
        cls.pool["res.company"] += [
            cls.company_alra.sudo(),
            cls.company_aia.sudo(),
            cls.company_county.sudo(),
        ]
        cls.pool["res.partner"] += [
            u.sudo().partner_id
            for u in (cls.user_counsellor_aia, cls.user_county, cls.user_counsellor)
        ]
        # barrier types of both sensitivities (written as rule-field values, L8)
        cls._add(cls.barrier_debts | cls.barrier_addiction)
        for case in cls.case | cls.case_colleague | cls.case_aia:
            cls._fill_case(case)
        cls._build_tracking_scenario()
        cls._build_conferences()
        cls._build_wizards()
        cls._fill_gaps()
        cls._add_side_content()
        cls._add(cls.env["res.users"].browse([u.id for u in cls.actors.values()]))
        cls.env.flush_all()
        cls.env.cr.precommit.run()  # tracking values and notifications

    @classmethod
    def _fill_case(cls, case):
        """Sensitive and ordinary content of every kind in one case."""
        barriers = cls.env["fall.case.barrier"].search([("case_id", "=", case.id)])
        debts = barriers.filtered(lambda b: b.barrier_type_id == cls.barrier_debts)
        debts = debts or cls._create_barrier(case, cls.barrier_debts)
        addiction = barriers - debts or cls._create_barrier(case, cls.barrier_addiction)
        for barrier in debts | addiction:
            barrier.note = f"Problemlage {cls._marker(barrier)}"
        cls._add(debts | addiction)
        for confidential in (False, True):
            contact = cls._create_contact(case, is_confidential=confidential)
            contact.note = f"Gespräch {cls._marker(contact)}"
            cls._add(contact)
        referrals = cls._create_referral(
            case, barrier_ids=[Command.set(debts.ids)]
        ) | cls._create_referral(
            case,
            partner=cls.partner_addiction,
            barrier_ids=[Command.set(addiction.ids)],
        )
        for kind in ("citizen_benefit", "disability"):
            matter = cls._create_matter(case, kind=kind)
            matter.note = f"Bescheid {cls._marker(matter)}"
            cls._add(matter)
        for referral in referrals:
            referral.request_note = f"Bitte um Termin {cls._marker(referral)}"
        cls._add(referrals)
        client = case.client_id
        consents = cls._create_consent(
            cls.cat_contact, client=client
        ) | cls._create_consent(
            cls.cat_addiction,
            client=client,
            recipient_partner_id=cls.partner_addiction.id,
        )
        for consent in consents:
            consent.note = f"Einwilligung {cls._marker(consent)}"
        cls._add(consents)

    @classmethod
    def _build_tracking_scenario(cls):
        """L9: a referral of the colleague's case was sensitive (addiction
        service), then made non-sensitive: its old partner stays in the
        tracking values."""
        addiction = cls.env["fall.case.barrier"].search(
            [
                ("case_id", "=", cls.case_colleague.id),
                ("barrier_type_id", "=", cls.barrier_addiction.id),
            ]
        )
        referral = cls._create_referral(
            cls.case_colleague,
            partner=cls.partner_addiction_other,
            barrier_ids=[Command.set(addiction.ids)],
        )
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        referral.write(
            {"partner_id": cls.partner_debt.id, "barrier_ids": [Command.clear()]}
        )
        referral.data_category_ids = cls.cat_contact
        cls.env.flush_all()
        cls.env.cr.precommit.run()  # write the tracking values now
        # the old partner's name is the sensitive record's data
        sensitive = cls.env["fall.referral"].search(
            [("case_id", "=", cls.case_colleague.id), ("is_sensitive", "=", True)],
            limit=1,
        )
        cls.markers[cls.partner_addiction_other.name] = ("fall.referral", sensitive.id)
        cls._add(referral)

    @classmethod
    def _build_conferences(cls):
        """The shared conference of the common fixture (county, ALRA, AiA),
        one of ALRA alone and one of AiA with the other county user;
        minutes of every audience; invitations sent (ICS files)."""
        cls.conference_alra = cls._create_conference(
            cls.user_lead,
            name="Fallkonferenz ALRA intern",
            participant_user_ids=[
                Command.set((cls.user_counsellor | cls.user_colleague).ids)
            ],
        )
        cls._add_item(cls.conference_alra, cls.case_colleague, cls.user_colleague)
        cls.conference_aia = cls._create_conference(
            cls.user_lead_aia,
            name="Fallkonferenz AiA mit Landkreis",
            participant_user_ids=[
                Command.set((cls.user_counsellor_aia | cls.user_county_other).ids)
            ],
        )
        cls._add_item(cls.conference_aia, cls.case_aia, cls.user_counsellor_aia)
        conferences = cls.conference | cls.conference_alra | cls.conference_aia
        for conference in conferences.sudo():
            conference.location = f"Raum {cls._marker(conference)}"
            cls._add(conference)
            for item in conference.agenda_item_ids:
                item.question = f"Frage {cls._marker(item)}"
                cls._add(item)
        # a task the county owns on the AiA item of the shared conference
        cls._add(
            cls.env["fall.conference.task"]
            .with_user(cls.user_county)
            .create(
                {
                    "item_id": cls.item_aia.id,
                    "name": "Rückmeldung des Landkreises",
                    "user_id": cls.user_county.id,
                }
            )
        )
        cls.conference.sudo()._prepare_minutes()
        cls._add(cls.conference.sudo().minutes_ids)
        cls.conference.with_user(cls.user_county).action_send_invitations()

    @classmethod
    def _build_wizards(cls):
        """Transient records belong to the user who made them."""
        for user, conference, case in (
            (cls.user_counsellor, cls.conference, cls.case),
            (cls.user_counsellor_aia, cls.conference, cls.case_aia),
        ):
            proposal = (
                cls.env["fall.conference.proposal"]
                .with_user(user)
                .create(
                    {
                        "conference_id": conference.id,
                        "line_ids": [Command.create({"case_id": case.id})],
                    }
                )
            )
            cls._add(proposal)
            cls._add(proposal.line_ids)
        for user in (cls.user_lead, cls.user_lead_aia):
            cls._add(cls.env["fall.county.report"].with_user(user).create({}))

    # Generic factory ------------------------------------------------------

    @classmethod
    def _fill_gaps(cls):
        """Every model gets a record per association, made from its required
        fields where no hand-written factory made one; what cannot be made
        is a coverage error (and fails the test)."""
        pending = [
            m
            for m in cls.our_models
            if m not in SHARED_CATALOGUES and not cls.env[m]._transient
        ]
        for _round in range(4):
            for model in list(pending):
                missing = [
                    c
                    for c in (cls.company_alra, cls.company_aia)
                    if not cls._has_fixture(model, c)
                ]
                for company in missing:
                    cls._generic_record(model, company)
                if not [
                    c
                    for c in (cls.company_alra, cls.company_aia)
                    if not cls._has_fixture(model, c)
                ]:
                    pending.remove(model)
        for model in pending:
            cls.coverage_errors.append(
                f"{model}: no record for each association – the generic "
                "factory cannot fill its required fields; add a factory to "
                "the fixture"
            )
        for model in SHARED_CATALOGUES:
            cls._add(cls.env[model].search([], limit=2))
        for model in cls.our_models:
            if not any(m == model for m, _rid in cls.fixture_keys):
                cls.coverage_errors.append(f"{model}: no record in the fixture")
            elif (
                not cls.env[model]._transient
                and model not in SHARED_CATALOGUES
                and not cls._owner_field(cls.env[model])
            ):
                cls.coverage_errors.append(
                    f"{model}: belongs to no association – add company_id "
                    "or list it in SHARED_CATALOGUES"
                )

    @classmethod
    def _has_fixture(cls, model, company):
        for rec in cls.pool.get(model, []):
            if rec._name == model and company.id in cls._value_owners(rec):
                return True
        return False

    @classmethod
    def _generic_record(cls, model, company):
        """A record of ``model`` in ``company`` from its required fields."""
        Model = cls.env[model].sudo().with_company(company)
        defaults = Model.default_get(list(Model._fields))
        vals = {}
        for name, field in Model._fields.items():
            if not field.store or field.compute or name in defaults:
                continue
            if not field.required and name not in ("company_id", "association_id"):
                continue
            value = cls._generic_value(field, company)
            if value is None:
                return None
            vals[name] = value
        try:
            with cls.env.cr.savepoint(), mute_logger(*QUIET_LOGGERS):
                rec = Model.create(vals)
        except Exception as exc:  # noqa: BLE001 - reported as a coverage error
            cls.coverage_errors.append(f"{model}: generic factory failed: {exc}")
            return None
        for name, field in rec._fields.items():
            plain_text = field.type in ("char", "text") and field.store
            if plain_text and not (field.compute or field.readonly or rec[name]):
                rec[name] = f"{field.string} {cls._marker(rec)}"
        return cls._add(rec)

    @classmethod
    def _generic_value(cls, field, company):
        if field.type == "many2one" or field.type == "many2many":
            comodel = field.comodel_name
            if comodel == "res.company":
                value = company
            elif comodel in SHARED_CATALOGUES:
                value = cls.env[comodel].search([], limit=1)
            else:
                value = next(
                    (
                        r
                        for r in cls.pool.get(comodel, [])
                        if company.id in cls._value_owners(r)
                    ),
                    None,
                )
            if not value:
                return None
            return value.id if field.type == "many2one" else [Command.set(value.ids)]
        if field.type in ("char", "text"):
            return f"{field.string} (Isolationstest)"
        if field.type == "selection":
            return field.get_values(cls.env)[0]
        if field.type == "date":
            return "2026-03-01"
        if field.type == "datetime":
            return "2026-03-01 08:00:00"
        if field.type in ("integer", "float", "monetary"):
            return 1
        if field.type == "boolean":
            return False
        return None

    @classmethod
    def _add_side_content(cls):
        """Every record with a chatter gets a note, an attachment, a follower
        and an activity, each carrying a marker of the record."""
        for model, rid in list(cls.fixture_keys):
            rec = cls.env[model].sudo().browse(rid)
            if "message_ids" not in rec._fields or rec._transient:
                continue
            owner = cls._side_owner(rec)
            rec.message_post(
                body=f"Notiz {cls._marker(rec)}",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            cls.env["ir.attachment"].create(
                {
                    "name": f"Dokument {cls._marker(rec)}.txt",
                    "res_model": model,
                    "res_id": rid,
                    "raw": f"Inhalt {cls._marker(rec)}".encode(),
                }
            )
            if owner:
                rec.message_subscribe(partner_ids=owner.partner_id.ids)
                if "activity_ids" in rec._fields:
                    rec.activity_schedule(
                        "mail.mail_activity_data_todo",
                        summary=f"Aufgabe {cls._marker(rec)}",
                        user_id=owner.id,
                    )
        # the signed scans are binary fields (res_field attachments)
        for consent in cls.pool["fall.consent"]:
            if not consent.signed_scan:
                consent.signed_scan = SCAN

    @classmethod
    def _side_owner(cls, rec):
        """A user who may read the record (follower, activity owner)."""
        for user in (
            rec.sudo()["user_id"] if "user_id" in rec._fields else None,
            cls._cases_of(rec).user_id[:1],
        ):
            known = user and user._name == "res.users" and user.id in cls.roles
            if known and cls._may_read(user, rec):
                return user
        return next((u for u in cls.actors.values() if cls._may_read(u, rec)), None)

    # ------------------------------------------------------------------
    # JSON-RPC and downloads (a sample of what the ORM checks cover)
    # ------------------------------------------------------------------

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _rpc_probe(self, log, path, user, key, field, call):
        try:
            with mute_logger(*QUIET_LOGGERS):
                got = call()
        except JsonRpcException:
            log.ok()
            return
        if got:
            log.leak(path, self._login(user), self._label(key), field, got)
        else:
            log.ok()

    def _check_reads_rpc(self, log, user):
        login = self._login(user)
        self.authenticate(login, login)
        forbidden = self._forbidden_keys(user)
        for model in RPC_MODELS:
            sample = [k for k in forbidden if k[0] == model][:1]
            for key in sample:
                rid = key[1]
                calls = {
                    "search": lambda m=model, r=rid: self._call_kw(
                        m, "search", [[("id", "=", r)]]
                    ),
                    "read": lambda m=model, r=rid: self._call_kw(
                        m, "read", [[r], ["display_name"]]
                    ),
                    "read_group": lambda m=model, r=rid: [
                        g
                        for g in self._call_kw(
                            m, "read_group", [[("id", "=", r)], ["__count"], []]
                        )
                        if g.get("__count")
                    ],
                    "name_search": lambda m=model, r=rid: self._call_kw(
                        m, "name_search", [], {"name": "", "args": [("id", "=", r)]}
                    ),
                    "export_data": lambda m=model, r=rid: self._call_kw(
                        m, "export_data", [[r], ["display_name"]]
                    )["datas"],
                    "web_read": lambda m=model, r=rid: self._call_kw(
                        m, "web_read", [[r]], {"specification": {"display_name": {}}}
                    ),
                }
                for method, call in calls.items():
                    self._rpc_probe(log, f"rpc {method}", user, key, None, call)
        self._check_related_rpc(log, user)
        self._check_downloads(log, user)
        self._check_thread_rpc(log, user, forbidden)

    def _check_related_rpc(self, log, user):
        """web_read with a specification that follows a many2one of a
        readable record into a record the user may not read."""
        done = set()
        for key in sorted(self.expected):
            if user.id not in self.actual[key] or user.id not in self.expected[key]:
                continue
            rec = self.env[key[0]].sudo().browse(key[1])
            for name, field in rec._fields.items():
                if field.type != "many2one" or field.groups or (key[0], name) in done:
                    continue
                tkey = self._forbidden_target(user, rec[name])
                if not tkey:
                    continue
                done.add((key[0], name))
                target_fields = {n: {} for n in self._plain_fields(rec[name])}
                spec = {name: {"fields": {**target_fields, "display_name": {}}}}

                call = partial(self._web_read_related_rpc, key, name, spec, tkey)
                self._rpc_probe(log, "rpc web_read related", user, key, name, call)

    def _web_read_related_rpc(self, key, name, spec, tkey):
        got = (
            self._call_kw(key[0], "web_read", [[key[1]]], {"specification": spec})[0][
                name
            ]
            or {}
        )
        extra = {k: v for k, v in got.items() if k not in ("id", "display_name")}
        return extra and {"of": self._label(tkey), **extra}

    def _check_downloads(self, log, user):
        """/web/content of attachments and binary fields of hidden records."""
        forbidden = set(self._forbidden_keys(user))
        Attachment = self.env["ir.attachment"].sudo()
        seen = set()
        for att in Attachment.search(
            [("res_model", "in", self.our_models), ("res_field", "=", False)]
        ):
            key = (att.res_model, att.res_id)
            if key in forbidden and att.res_model not in seen:
                seen.add(att.res_model)
                self._download(log, user, key, f"/web/content/{att.id}", att.raw)
        for model, rid in sorted(forbidden):
            for name, field in self.env[model]._fields.items():
                if field.type == "binary" and field.attachment and model not in seen:
                    value = self.env[model].sudo().browse(rid)[name]
                    if value:
                        seen.add(model)
                        self._download(
                            log,
                            user,
                            (model, rid),
                            f"/web/content/{model}/{rid}/{name}",
                            base64.b64decode(value),
                        )
        for conference in self.pool["fall.conference"]:
            event = conference.meeting_id
            if not event or user in (event.partner_ids.user_ids | event.user_id):
                continue
            for att in Attachment.search(
                [
                    ("res_model", "in", ("calendar.event", "mail.message")),
                    ("mimetype", "=", "text/calendar"),
                ]
            ).filtered(lambda a, e=event: e.name.encode() in (a.raw or b"")):
                self._download(
                    log,
                    user,
                    self._key(conference),
                    f"/web/content/{att.id}",
                    att.raw,
                    path="download ICS",
                )
                break

    def _download(self, log, user, key, url, content, path="download"):
        with mute_logger(*QUIET_LOGGERS):
            response = self.url_open(url)
        if response.status_code == 200 and content and content in response.content:
            log.leak(
                path,
                self._login(user),
                self._label(key),
                None,
                f"{url} returned {len(response.content)} bytes",
            )
        else:
            log.ok()

    def _check_thread_rpc(self, log, user, forbidden):
        """/mail/thread/messages of hidden records returns nothing."""
        seen = set()
        for model, rid in forbidden:
            if model in seen or "message_ids" not in self.env[model]._fields:
                continue
            seen.add(model)

            def call(model=model, rid=rid):
                got = self.make_jsonrpc_request(
                    "/mail/thread/messages",
                    {"thread_model": model, "thread_id": rid, "limit": 30},
                )
                return got.get("messages")

            self._rpc_probe(
                log, "rpc /mail/thread/messages", user, (model, rid), None, call
            )

    def _check_update_content(self, log):
        """L4: adding a partner to an existing note with update_content."""
        writer = self.user_counsellor
        login = self._login(writer)
        message = self.case.with_user(writer).message_post(
            body="Notiz der Beraterin",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.authenticate(login, login)
        for outsider in (self.user_counsellor_aia, self.user_county):
            marks = self._marks()
            try:
                with mute_logger(*QUIET_LOGGERS):
                    self.make_jsonrpc_request(
                        "/mail/message/update_content",
                        {
                            "message_id": message.id,
                            "body": "Notiz der Beraterin (ergänzt)",
                            "attachment_ids": [],
                            "partner_ids": outsider.sudo().partner_id.ids,
                        },
                    )
            except JsonRpcException:
                log.ok()
                continue
            readable = self.env(user=outsider)["mail.message"].search(
                [("id", "=", message.id)]
            )
            if readable or self._outsider_effects(marks, self._expected_of):
                log.leak(
                    "rpc /mail/message/update_content",
                    login,
                    self._label(self._key(self.case)),
                    "partner_ids",
                    f"{self._login(outsider)} added to the note and reads it",
                )
            else:
                log.ok()

    # ------------------------------------------------------------------
    # The tests
    # ------------------------------------------------------------------

    def _finish(self, log):
        self.timings.append((log.title, clock() - log.started, log.checks))
        _logger.info(log.summary())
        if log.leaks:
            self.fail("\n" + log.report())

    def test_0_coverage(self):
        """Every model of our addons has records of both associations."""
        log = LeakLog("coverage")
        log.ok(len(self.our_models))
        self.assertFalse(self.coverage_errors, "\n".join(self.coverage_errors))
        self.assertTrue(self.rule_fields, "no rule fields found in ir.rule")
        self._finish(log)

    def test_a_reads(self):
        """(a) No record of another association, no sensitive record of a
        colleague's case, on any read path."""
        log = LeakLog("(a) reads")
        for user in self.actors.values():
            log.run("check_reads_orm", self._check_reads_orm, user)
            log.run("check_related_reads", self._check_related_reads, user)
            log.run("check_reads_rpc", self._check_reads_rpc, user)
        self._finish(log)

    def test_b_writes(self):
        """(b) No write or create moves a record, takes a foreign value or
        widens an audience beyond the policy."""
        log = LeakLog("(b) writes")
        for user in self.actors.values():
            log.run("attack_writes", self._attack_writes, user)
            log.run("attack_creates", self._attack_creates, user)
        self._finish(log)

    def test_c_side_paths(self):
        """(c) Followers, activities, messages, tracking values, attachments
        and conference events keep the same borders."""
        log = LeakLog("(c) side paths")
        for user in self.actors.values():
            log.run("check_side_reads", self._check_side_reads, user)
            log.run("check_thread_store", self._check_thread_store, user)
            log.run("check_calendar", self._check_calendar, user)
            log.run("attack_side_writes", self._attack_side_writes, user)
        log.run("check_update_content", lambda log: self._check_update_content(log))
        self._finish(log)
