"""Engine of the generic isolation test (``test_isolation_generic.py``).

Nothing here names a model of our addons: models, fields, rules and records
come from the registry, the ``ir.rule`` table and the fixture, and what is
allowed comes from the policy tables of the test class. A model or field
added later is enumerated, filled and attacked like the others.
"""

import re
from collections import defaultdict
from functools import partial

from freezegun.api import real_perf_counter
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tools import mute_logger

# Refusals the test accepts: UserError covers AccessError, MissingError and
# ValidationError; a database constraint is a refusal too (but see L8).
REFUSALS = (UserError, IntegrityError)
# Refusals are logged by these loggers; the run log must stay free of warnings.
QUIET_LOGGERS = (
    "odoo.models",
    "odoo.models.unlink",
    "odoo.http",
    "odoo.sql_db",
    "odoo.addons.base.models.ir_rule",
    "odoo.addons.base.models.ir_model",
    "odoo.addons.mail.models.mail_thread",
)
# ('path', operator, value) terms of a rule domain
RULE_TERM = re.compile(r"""\(\s*['"]([a-z_][a-z0-9_.]*)['"]\s*,""")
# Fields every model has; never an attack surface of our own.
MAGIC_FIELDS = {"create_uid", "write_uid", "id", "display_name"}
# Where a record says which association it belongs to.
OWNER_FIELDS = ("company_id", "association_id", "company_ids", "association_ids")
SEP = " | "
# The test runs with frozen time; durations are measured with the real clock
# (kept in a tuple: freezegun replaces module attributes that are clocks).
_REAL_CLOCK = (real_perf_counter,)


def clock():
    return _REAL_CLOCK[0]()


class LeakLog:
    """Counts checks and collects leaks; reports them all at once."""

    def __init__(self, title):
        self.title = title
        self.checks = 0
        self.leaks = {}
        self.notes = []
        self.phases = defaultdict(float)
        self.started = clock()

    def run(self, phase, function, *args):
        """Run one phase of checks and add up its time."""
        started = clock()
        function(self, *args)
        self.phases[phase] += clock() - started

    def ok(self, count=1):
        self.checks += count

    def leak(self, path, user, record, field, detail):
        """One leak; leaks of the same path, user, model and field are listed
        together."""
        self.checks += 1
        key = (path, user, record.split("#")[0], field or "-")
        self.leaks.setdefault(key, {}).setdefault(record, str(detail)[:300])

    def summary(self):
        return (
            f"{self.title}: {self.checks} checks, {len(self.leaks)} leak(s), "
            f"{clock() - self.started:.1f} s ("
            + ", ".join(f"{p} {t:.1f} s" for p, t in self.phases.items())
            + ")"
        )

    def report(self):
        lines = [
            self.summary(),
            "path | user | model | field | record: what came back (+ more records)",
        ]
        for key in sorted(self.leaks):
            records = self.leaks[key]
            first = min(records)
            more = f" (+ {len(records) - 1} more)" if len(records) > 1 else ""
            lines.append(SEP.join(key) + SEP + f"{first}: {records[first]}{more}")
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)


class IsolationEngine:
    """Policy-driven checks; mixed into the test class (see there)."""

    # ------------------------------------------------------------------
    # Registry: our models, fields and rules
    # ------------------------------------------------------------------

    @classmethod
    def _our_modules(cls):
        """``fallmanagement`` and every installed module depending on it."""
        Module = cls.env["ir.module.module"].sudo()
        ours = Module.search([("name", "=", "fallmanagement")])
        while True:
            more = Module.search(
                [
                    ("state", "=", "installed"),
                    ("dependencies_id.name", "in", ours.mapped("name")),
                    ("id", "not in", ours.ids),
                ]
            )
            if not more:
                return set(ours.mapped("name"))
            ours |= more

    @classmethod
    def _discover(cls):
        """Our models (``fall.*``) and the models our modules add fields to."""
        modules = cls._our_modules()
        cls.our_models = sorted(
            name
            for name, model in cls.env.registry.items()
            if name.startswith("fall.") and not model._abstract
        )
        cls.our_fields = defaultdict(set)
        for field in cls.env["ir.model.fields"].sudo().search([]):
            if set((field.modules or "").split(", ")) & modules:
                cls.our_fields[field.model].add(field.name)
        cls.extended_models = sorted(
            name
            for name in cls.our_fields
            if not name.startswith("fall.")
            and not cls.env[name]._transient
            and not cls.env[name]._abstract
        )
        cls.rule_fields = cls._parse_rules(cls.our_models + cls.extended_models)

    @classmethod
    def _parse_rules(cls, models):
        """``{model: field names}`` used by the record rules, at every hop of
        each path, plus the fields those fields are computed from."""
        result = defaultdict(set)
        rules = cls.env["ir.rule"].sudo().search([("model_id.model", "in", models)])
        for rule in rules:
            for path in RULE_TERM.findall(rule.domain_force or ""):
                model = cls.env[rule.model_id.model]
                for name in path.split("."):
                    field = model._fields.get(name)
                    if field is None:
                        break
                    result[model._name].add(name)
                    if not field.relational:
                        break
                    model = cls.env[field.comodel_name]
        for model_name, names in list(result.items()):
            model = cls.env[model_name]
            for name in list(names):
                field = model._fields[name]
                for dep in model.pool.field_depends.get(field, ()):
                    result[model_name].add(dep.split(".")[0])
                if field.related:
                    result[model_name].add(field.related.split(".")[0])
        return result

    # ------------------------------------------------------------------
    # Who is who
    # ------------------------------------------------------------------

    @classmethod
    def _index_actors(cls, others=()):
        """Roles and companies of the actors (and of other users the test
        writes as values)."""
        cls.roles = {}
        for user in [*cls.actors.values(), *others]:
            user = user.sudo()
            cls.roles[user.id] = {
                "counsellor": user._has_group("fallmanagement.group_fall_user"),
                "head": user._has_group("fallmanagement.group_fall_manager"),
                "county": user._has_group("fallmanagement.group_fall_county")
                and not user._has_group("fallmanagement.group_fall_user"),
                "companies": set(user.company_ids.ids),
            }
        cls.actor_by_partner = {
            user.partner_id.id: user for user in cls.actors.values()
        }

    def _login(self, user):
        return user.sudo().login

    # ------------------------------------------------------------------
    # The promise: who may read a record
    # ------------------------------------------------------------------

    @classmethod
    def _owner_field(cls, model):
        for name in OWNER_FIELDS:
            field = model._fields.get(name)
            if field is not None and field.comodel_name == "res.company":
                return name
        return None

    @classmethod
    def _owners(cls, rec):
        """Company ids the record belongs to, or None when it belongs to none."""
        name = cls._owner_field(rec)
        return set(rec.sudo()[name].ids) if name else None

    @classmethod
    def _conference_of(cls, rec):
        rec = rec.sudo()
        if rec._name == "fall.conference":
            return rec
        field = rec._fields.get("conference_id")
        if field is not None and field.comodel_name == "fall.conference":
            return rec.conference_id
        return None

    @classmethod
    def _cases_of(cls, rec):
        rec = rec.sudo()
        Case = cls.env["fall.case"].sudo()
        if rec._name == "fall.case":
            return rec
        field = rec._fields.get("case_id")
        if field is not None and field.comodel_name == "fall.case":
            return rec.case_id
        if rec._name == "res.partner":
            return Case.search([("client_id", "=", rec.id)])
        field = rec._fields.get("client_id")
        if field is not None and field.comodel_name == "res.partner":
            return Case.search([("client_id", "=", rec.client_id.id)])
        return Case

    @classmethod
    def _is_sensitive(cls, rec):
        rec = rec.sudo()
        return any(rec[f] for f in cls.SENSITIVITY_FLAGS if f in rec._fields)

    @classmethod
    def _may_read(cls, user, rec):
        """The README's promise for one user and one record."""
        rec = rec.sudo()
        role = cls.roles[user.id]
        if rec._name in cls.SHARED_CATALOGUES:
            return True
        if rec._transient:
            return rec.create_uid == user
        conference = cls._conference_of(rec)
        takes_part = conference and (
            user == conference.user_id or user in conference.participant_user_ids
        )
        if takes_part and (role["county"] or rec._name == "fall.conference"):
            return True
        if rec._name == "fall.conference":
            return role["counsellor"] and bool(
                role["companies"] & set(rec.association_ids.ids)
            )
        owners = cls._owners(rec) or set()
        if not role["counsellor"] or not owners & role["companies"]:
            return False
        if cls._is_sensitive(rec):
            cases = cls._cases_of(rec)
            return role["head"] or user in (cases.user_id | cases.counsellor_ids)
        return True

    @classmethod
    def _writer_roles(cls, user, rec):
        rec = rec.sudo()
        role = cls.roles[user.id]
        roles = set()
        owners = cls._owners(rec) or set()
        if rec._name == "fall.conference":
            owners = set(rec.association_ids.ids)
        if role["counsellor"] and owners & role["companies"]:
            roles.add("member")
            if role["head"]:
                roles.add("head")
        if user in cls._cases_of(rec).user_id:
            roles.add("responsible")
        conference = cls._conference_of(rec)
        if conference and (
            user == conference.user_id or user in conference.participant_user_ids
        ):
            roles.add("participant")
        if role["county"]:
            roles.add("county")
        return roles

    # ------------------------------------------------------------------
    # The fixture as seen by the checks
    # ------------------------------------------------------------------

    @classmethod
    def _key(cls, rec):
        return (rec._name, rec.id)

    @classmethod
    def _label(cls, key):
        model, rid = key
        rec = cls.env[model].sudo().browse(rid).exists()
        if not rec:
            return f"{model}#{rid} (gone)"
        owners = cls._value_owners(rec)
        where = ",".join(
            cls.env["res.company"].sudo().browse(sorted(owners)).mapped("name")
        )
        flags = " sensitive" if cls._is_sensitive(rec) else ""
        return f"{model}#{rid} [{where or '-'}{flags}]"

    @classmethod
    def _read_fixture_keys(cls):
        return [
            key
            for key in cls.fixture_keys
            if key[0] not in cls.SHARED_CATALOGUES and key[0] not in cls.UNBOUND_MODELS
        ]

    @classmethod
    def _compute_expectations(cls):
        """Expected and actual readers of every fixture record, before any attack."""
        cls.expected = {}
        for key in cls._read_fixture_keys():
            rec = cls.env[key[0]].sudo().browse(key[1])
            cls.expected[key] = frozenset(
                u.id for u in cls.actors.values() if cls._may_read(u, rec)
            )
        cls.actual = cls._actual_readers(cls.fixture_keys)
        cls._index_links()

    @classmethod
    def _actual_readers(cls, keys):
        """``{key: frozenset(user ids)}`` of the actors whose rules let them read."""
        by_model = defaultdict(list)
        for model, rid in keys:
            by_model[model].append(rid)
        readers = defaultdict(set)
        for model, ids in by_model.items():
            for user in cls.actors.values():
                Model = cls.env(user=user)[model].with_context(active_test=False)
                try:
                    with mute_logger(*QUIET_LOGGERS):
                        found = Model.search([("id", "in", ids)]).ids
                except UserError:
                    found = []
                for rid in found:
                    readers[(model, rid)].add(user.id)
        return {key: frozenset(readers[key]) for key in keys}

    @classmethod
    def _index_links(cls):
        """Which fixture records point to which (stored relational fields)."""
        keys = set(cls.fixture_keys)
        cls.targets = defaultdict(set)
        cls.dependents = defaultdict(set)
        for key in keys:
            rec = cls.env[key[0]].sudo().browse(key[1])
            for name, field in rec._fields.items():
                if field.type not in ("many2one", "many2many") or not field.store:
                    continue
                for target in rec[name]:
                    tkey = (target._name, target.id)
                    if tkey in keys and tkey != key:
                        cls.targets[key].add(tkey)
                        cls.dependents[tkey].add(key)

    def _live_near(self, rec):
        """Neighbours of a record created during the attack."""
        near = {self._key(rec)} if rec else set()
        for name, field in rec._fields.items() if rec else ():
            if field.type in ("many2one", "many2many") and field.store:
                for target in rec[name]:
                    tkey = self._key(target)
                    if tkey in self.actual:
                        near |= {tkey} | self.dependents[tkey]
        return near

    def _neighbours(self, key):
        """The record, what it points to and what points to it."""
        return {key} | self.targets[key] | self.dependents[key]

    # ------------------------------------------------------------------
    # Values an attacker writes
    # ------------------------------------------------------------------

    @classmethod
    def _value_owners(cls, rec):
        rec = rec.sudo()
        if rec._name == "res.company":
            return {rec.id}
        if rec._name == "res.users":
            return set(rec.company_ids.ids)
        if rec._name == "res.partner":
            return set(rec.company_id.ids) | set(rec.user_ids.company_ids.ids)
        if rec._name == "fall.conference":
            return set(rec.association_ids.ids)
        return cls._owners(rec) or set()

    def _pool(self, comodel):
        return self.pool.get(comodel, [])

    def _is_foreign(self, rec, field, value, writer, owners):
        """Whether ``value`` does not belong on ``rec``, and why."""
        vkey = self._key(value)
        if vkey in self.expected and writer.id not in self.expected[vkey]:
            return "hidden from the writer"
        if value._name == "res.users":
            # a user who may not read the record (owner, presenter, deputy ...)
            return not self._may_read(value, rec) and "may not read the record"
        if value._name == "res.partner" and not value.sudo().fall_is_client:
            # people as recipients or followers (many2many); single contact
            # persons (county contact, employer) are not personal data of ours
            user = self.actor_by_partner.get(value.id)
            if field.type == "many2many" and user and not self._may_read(user, rec):
                return "recipient who may not read the record"
            return False
        vowners = self._value_owners(value)
        return bool(vowners) and not vowners & owners and "other organisation"

    def _foreign_values(self, rec, field, writer):
        """Records of the comodel that do not belong on the record: one per
        reason, at most two."""
        owners = self._owners(rec)
        if not owners:
            owners = self.roles[writer.id]["companies"]
        current = set(rec.sudo()[field.name].ids)
        picked, reasons = [], set()
        for value in self._pool(field.comodel_name):
            if value.id in current:
                continue
            why = self._is_foreign(rec, field, value, writer, owners)
            if why and why not in reasons:
                reasons.add(why)
                picked.append((value, why))
        return picked[:2]

    def _widening_values(self, rec, field, writer):
        """Values of a rule field that widen the audience of the record."""
        rec = rec.sudo()
        current = rec[field.name]
        if field.type == "boolean":
            return [(not current, f"{field.name}={not current}", None)]
        if field.comodel_name == "res.users":
            if writer in current:
                return []
            if field.type == "many2many":
                return [([Command.link(writer.id)], "+= the writer himself", None)]
            return [(writer.id, "= the writer himself", None)]
        if field.type == "many2one" and field.comodel_name == "res.company":
            if current and not field.required:
                return [(False, "= no association", None)]
            return []
        if field.type != "many2one":
            return []
        if field.comodel_name in self.SHARED_CATALOGUES:
            # another catalogue entry, e.g. a barrier type of other sensitivity
            return [
                (value.id, f"= {value.display_name}", None)
                for value in self._pool(field.comodel_name)
                if value != current
            ][:2]
        owners = self._value_owners(rec) or set()
        for value in self._pool(field.comodel_name):
            if value != current and self._value_owners(value) & owners:
                return [(value.id, f"= {self._label(self._key(value))}", None)]
        return []

    def _as_vals(self, field, value):
        if field.type == "many2many" and not isinstance(value, list):
            return [Command.link(value)]
        return value

    def _attack_fields(self, rec, writer):
        """Relational fields of the record an attacker may name in a write."""
        model = rec._name
        ours = model.startswith("fall.")
        for name, field in rec._fields.items():
            if name in MAGIC_FIELDS or not (field.store or field.inverse):
                continue
            if (
                not ours
                and name not in self.our_fields[model]
                and name not in self.rule_fields.get(model, ())
            ):
                continue
            if field.groups and not self.env(user=writer).user.has_groups(field.groups):
                continue
            if field.type in ("many2one", "many2many", "boolean"):
                yield name, field

    def _attempts_for(self, rec, writer):
        """(field, vals, description, foreign ids) to try on the record."""
        rule_fields = self.rule_fields.get(rec._name, set())
        for name, field in self._attack_fields(rec, writer):
            if (rec._name, name) in self.CHECKED_ON_USE:
                continue
            cross = (rec._name, name) in self.CROSS_ASSOCIATION_FIELDS
            if field.type in ("many2one", "many2many") and not cross:
                for value, why in self._foreign_values(rec, field, writer):
                    yield (
                        name,
                        {name: self._as_vals(field, value.id)},
                        f"= {self._label(self._key(value))} ({why})",
                        {value.id},
                    )
            if name in rule_fields:
                for value, desc, _ in self._widening_values(rec, field, writer):
                    yield name, {name: value}, desc, None

    # ------------------------------------------------------------------
    # One attack, judged
    # ------------------------------------------------------------------

    def _marks(self):
        """The last message, follower and activity before an attack."""
        env = self.env(su=True)
        return {
            table: env[model].search([], order="id desc", limit=1).id or 0
            for table, model in (
                ("mail_message", "mail.message"),
                ("mail_followers", "mail.followers"),
                ("mail_activity", "mail.activity"),
            )
        }

    def _outsider_effects(self, marks, expected_of):
        """Messages, followers and activities created since ``marks`` that
        reach an actor who may not read their document."""
        env = self.env(su=True)
        found = []
        ours = set(self.our_models)

        def outsiders(model, res_id, users):
            if model not in ours or not res_id:
                return []
            allowed = expected_of(model, res_id)
            return [u for u in users if u.id not in allowed]

        for msg in env["mail.message"].search([("id", ">", marks["mail_message"])]):
            partners = msg.partner_ids | msg.notification_ids.res_partner_id
            users = [
                self.actor_by_partner[p.id]
                for p in partners
                if p.id in self.actor_by_partner
            ]
            for user in outsiders(msg.model, msg.res_id, users):
                found.append(f"message #{msg.id} notifies {self._login(user)}")
        for fol in env["mail.followers"].search([("id", ">", marks["mail_followers"])]):
            follower = self.actor_by_partner.get(fol.partner_id.id)
            candidates = [follower] if follower else []
            for user in outsiders(fol.res_model, fol.res_id, candidates):
                found.append(f"{self._login(user)} follows {fol.res_model}")
        for act in env["mail.activity"].search([("id", ">", marks["mail_activity"])]):
            if act.user_id.id in self.roles:
                for user in outsiders(act.res_model, act.res_id, [act.user_id]):
                    found.append(
                        f"activity '{act.summary or ''}' assigned to "
                        f"{self._login(user)}"
                    )
        return found

    def _expected_of(self, model, res_id):
        key = (model, res_id)
        if key in self.expected:
            return self.expected[key]
        rec = self.env[model].sudo().browse(res_id).exists()
        if not rec:
            return frozenset()
        return frozenset(u.id for u in self.actors.values() if self._may_read(u, rec))

    def _anchor(self, key):
        rec = self.env[key[0]].sudo().browse(key[1]).exists()
        if not rec:
            return None
        return (frozenset(self._owners(rec) or ()), frozenset(self._cases_of(rec).ids))

    def _trace_count(self, key):
        rec = self.env[key[0]].sudo().browse(key[1])
        docs = [(key[0], key[1])] + [("fall.case", c) for c in self._cases_of(rec).ids]
        domain = ["|"] * (len(docs) - 1)
        for model, rid in docs:
            domain += ["&", ("model", "=", model), ("res_id", "=", rid)]
        return self.env["mail.message"].sudo().search_count(domain)

    def _attack(
        self, log, path, writer, key, field, vals, desc, foreign, action, widen=True
    ):
        """Run ``action`` (a write or create as ``writer``) in a savepoint.

        A refusal is fine; a success is judged: a foreign value kept, a
        record moved out of its case or association, an audience widened
        (unless the policy allows it to the writer, with a trace), outsiders
        notified, followed or given an activity.
        """
        marks = self._marks()
        anchor = self._anchor(key) if key else None
        traces = self._trace_count(key) if key else 0
        savepoint = self.env.cr.savepoint()
        try:
            with mute_logger(*QUIET_LOGGERS):
                result = action()
                self.env.flush_all()
        except REFUSALS as exc:
            savepoint.close(rollback=True)
            self._judge_refusal(log, path, writer, key, field, vals, exc)
            return
        try:
            if key is None:  # a create: the new record is the one to judge
                key = self._key(result)
                anchor = None
            reasons = (
                self._judge_success(writer, key, field, foreign, anchor, traces)
                if widen
                else []
            )
            reasons += self._outsider_effects(marks, self._expected_of)
            if reasons:
                log.leak(
                    path,
                    self._login(writer),
                    self._label(key),
                    field,
                    f"{desc} accepted: " + "; ".join(reasons),
                )
            else:
                log.ok()
        finally:
            savepoint.close(rollback=True)

    def _hidden_twins(self, writer, key, field, vals):
        """Records hidden from the writer that hold the written value (and
        share the record's case): what a unique constraint would reveal."""
        value = vals.get(field)
        if not key or not isinstance(value, int):
            return []
        rec = self.env[key[0]].sudo().browse(key[1])
        twins = []
        for model, rid in self.expected:
            if model != key[0] or writer.id in self.expected[(model, rid)]:
                continue
            other = rec.browse(rid)
            same_case = (
                "case_id" not in rec._fields
                or field == "case_id"
                or other.case_id == rec.case_id
            )
            if other[field].id == value and same_case:
                twins.append(self._label((model, rid)))
        return twins

    def _judge_refusal(self, log, path, writer, key, field, vals, exc):
        """L8: a refusal by a unique constraint reveals hidden records."""
        twins = isinstance(exc, IntegrityError) and self._hidden_twins(
            writer, key, field, vals
        )
        if twins:
            log.leak(
                path,
                self._login(writer),
                self._label(key),
                field,
                f"{vals} refused by a database constraint, which reveals "
                f"{', '.join(twins)}: {str(exc).splitlines()[0]}",
            )
            return
        text = str(exc)
        for token, owner_key in self.markers.items():
            if token in text and writer.id not in self.expected.get(owner_key, ()):
                log.leak(
                    path,
                    self._login(writer),
                    self._label(key) if key else "-",
                    field,
                    f"refusal names {self._label(owner_key)}: {text[:200]}",
                )
                return
        log.ok()

    def _judge_success(self, writer, key, field, foreign, anchor, traces):
        reasons = []
        rec = self.env[key[0]].sudo().browse(key[1]).exists()
        if rec and foreign and field in rec._fields:
            kept = set(rec[field].ids) & foreign
            if kept:
                reasons.append("foreign value kept")
        new_anchor = self._anchor(key)
        if anchor and new_anchor and new_anchor != anchor:
            reasons.append("record moved to another association or case")
        if key in self.actual:
            if field not in self.rule_fields.get(key[0], ()):
                return reasons  # the field cannot widen any rule's audience
            near = self._neighbours(key)
        else:
            near = self._live_near(rec)
        before = {k: self.actual.get(k, frozenset()) for k in near}
        after = self._actual_readers(list(near))
        legit = self.LEGITIMATE_WIDENING.get((key[0], field))
        widened = []
        for k in sorted(near):
            gained = after[k] - before[k]
            if k == key and k not in self.actual:
                gained = {u for u in after[k] if u not in self._expected_of(*k)}
            if gained:
                widened.append((k, gained))
        if widened and legit and legit[0] & self._writer_roles(writer, rec):
            self.env.cr.precommit.run()  # tracking messages are the trace
            if not legit[1] or self._trace_count(key) > traces:
                widened = []
            else:
                reasons.append("audience widened without a trace in the chatter")
        for k, gained in widened:
            logins = ",".join(
                sorted(self._login(self.env["res.users"].browse(u)) for u in gained)
            )
            reasons.append(f"{self._label(k)} now readable by {logins}")
        return reasons

    # ------------------------------------------------------------------
    # (a) Reads
    # ------------------------------------------------------------------

    def _forbidden_keys(self, user):
        return sorted(k for k, users in self.expected.items() if user.id not in users)

    def _plain_fields(self, model):
        return [
            name
            for name, field in model._fields.items()
            if field.store
            and field.type not in ("binary", "one2many", "many2many", "html")
            and name not in MAGIC_FIELDS
            and not field.groups
        ]

    def _probe(self, log, path, user, key, field, call):
        """Run a read ``call``; anything it returns is a leak."""
        try:
            with mute_logger(*QUIET_LOGGERS):
                got = call()
        except UserError:
            log.ok()
            return
        if got:
            log.leak(path, self._login(user), self._label(key), field, got)
        else:
            log.ok()

    def _read_calls(self, Model, rid):
        rec = Model.browse(rid)
        plain = self._plain_fields(Model)
        return {
            "search": lambda: Model.search([("id", "=", rid)]).ids,
            "search_count": lambda: Model.search_count([("id", "=", rid)]),
            "read": lambda: rec.read(plain),
            "read_group": lambda: [
                g
                for g in Model.read_group([("id", "=", rid)], ["__count"], [])
                if g.get("__count")
            ],
            "name_search": lambda: Model.name_search("", [("id", "=", rid)]),
            "export_data": lambda: rec.export_data(plain[:8])["datas"],
            "web_read": lambda: rec.web_read({name: {} for name in plain}),
        }

    def _check_reads_orm(self, log, user):
        self.env.invalidate_all()  # as a request would start
        env = self.env(user=user)
        for key in self._forbidden_keys(user):
            Model = env[key[0]].with_context(active_test=False)
            for method, call in self._read_calls(Model, key[1]).items():
                self._probe(log, f"orm {method}", user, key, None, call)

    def _check_related_reads(self, log, user):
        """web_read that follows many2one fields of a readable record into
        their records, and related fields that show another record's data."""
        env = self.env(user=user)
        for key in sorted(self.expected):
            if user.id not in self.actual[key] or user.id not in self.expected[key]:
                continue
            rec = env[key[0]].with_context(active_test=False).browse(key[1])
            for name, field in rec._fields.items():
                if name in MAGIC_FIELDS or field.groups:
                    continue
                if field.type == "many2one":
                    self._check_followed_many2one(log, user, key, rec, name)
                if field.related and (key[0], name) not in self.DISCLOSED_RELATED:
                    self._check_related_field(log, user, key, rec, name, field)

    def _forbidden_target(self, user, target):
        tkey = self._key(target) if target else None
        if tkey in self.expected and user.id not in self.expected[tkey]:
            return tkey
        return None

    def _check_followed_many2one(self, log, user, key, rec, name):
        target = rec.sudo()[name]
        tkey = self._forbidden_target(user, target)
        if not tkey:
            return
        fields_spec = {n: {} for n in self._plain_fields(target)}
        spec = {name: {"fields": {**fields_spec, "display_name": {}}}}

        def call():
            got = rec.web_read(spec)[0][name] or {}
            extra = {k: v for k, v in got.items() if k not in ("id", "display_name")}
            if extra or self._is_sensitive(target) or target._name == "res.partner":
                return {"of": self._label(tkey), **got}
            return None

        self._probe(log, "orm web_read related", user, key, name, call)

    def _check_related_field(self, log, user, key, rec, name, field):
        first = field.related.split(".")[0]
        if first == name or not rec._fields[first].relational:
            return
        tkey = self._forbidden_target(user, rec.sudo()[first])
        if not tkey or not rec.sudo()[name]:
            return

        def call():
            value = rec.read([name])[0][name]
            return value and {"of": self._label(tkey), name: value}

        self._probe(log, "orm related field", user, key, name, call)

    # ------------------------------------------------------------------
    # (c) Side paths, read side
    # ------------------------------------------------------------------

    def _fixture_ids_by_model(self):
        by_model = defaultdict(list)
        for model, rid in self.expected:
            by_model[model].append(rid)
        return by_model

    def _scan(self, user, text):
        """Markers of records ``user`` may not read found in ``text``."""
        return [
            (token, owner)
            for token, owner in self.markers.items()
            if token in text and user.id not in self.expected.get(owner, ())
        ]

    def _check_side_reads(self, log, user):
        env = self.env(user=user)
        forbidden = set(self._forbidden_keys(user))
        for model, ids in sorted(self._fixture_ids_by_model().items()):
            probes = [
                ("mail.followers", "res_model", ["partner_id"], []),
                ("mail.activity", "res_model", ["summary", "user_id"], []),
                ("mail.message", "model", ["body"], []),
                ("ir.attachment", "res_model", ["name"], []),
                ("ir.attachment", "res_model", ["name"], [("res_field", "!=", False)]),
            ]
            for side, model_field, fnames, extra in probes:
                domain = [(model_field, "=", model), ("res_id", "in", ids), *extra]
                try:
                    with mute_logger(*QUIET_LOGGERS):
                        rows = env[side].search_read(domain, ["res_id", *fnames])
                except UserError:
                    log.ok()
                    continue
                for row in rows:
                    key = (model, row["res_id"])
                    if key in forbidden:
                        del row["id"]
                        log.leak(
                            f"orm {side}",
                            self._login(user),
                            self._label(key),
                            None,
                            row,
                        )
                    else:
                        log.ok()
                        for token, owner in self._scan(user, str(row)):
                            log.leak(
                                f"orm {side}",
                                self._login(user),
                                self._label(key),
                                None,
                                f"{token} of {self._label(owner)}",
                            )

    def _check_thread_store(self, log, user):
        """What the chatter shows (messages with their tracking values, as
        /mail/thread/messages sends them) names no record hidden from the user."""
        from odoo.addons.mail.tools.discuss import Store

        env = self.env(user=user)
        Message = env["mail.message"]
        for key in sorted(self.expected):
            if user.id not in self.actual[key] or "message_ids" not in env[key[0]]:
                continue
            with mute_logger(*QUIET_LOGGERS):
                messages = Message._message_fetch(
                    [("model", "=", key[0]), ("res_id", "=", key[1])], limit=100
                )["messages"]
                data = str(Store(messages, for_current_user=True).get_result())
            hits = self._scan(user, data)
            for token, owner in hits:
                log.leak(
                    "orm /mail/thread/messages",
                    self._login(user),
                    self._label(key),
                    "tracking/body",
                    f"{token} of {self._label(owner)}",
                )
            if not hits:
                log.ok()

    def _description_hits(self, env, event, names):
        """Case numbers a search on the event's description confirms."""
        Event = env["calendar.event"]
        return [
            name
            for name in names
            if Event.search_count(
                [("id", "=", event.id), ("description", "ilike", name)]
            )
        ]

    def _check_calendar(self, log, user):
        """Conference events: nothing of the agenda for non-attendees (L5)."""
        env = self.env(user=user)
        for conference in (
            self.env["fall.conference"]
            .sudo()
            .browse(
                [rid for model, rid in self.fixture_keys if model == "fall.conference"]
            )
        ):
            event = conference.meeting_id
            if not event or user in (event.partner_ids.user_ids | event.user_id):
                continue
            # a fresh cache, as in a request: the calendar hides private
            # events when it fetches them, not values cached as superuser
            self.env.invalidate_all()
            secrets = [conference.name] + conference.agenda_item_ids.mapped("case_name")
            label = f"calendar.event#{event.id} of {self._label(self._key(conference))}"

            def hits(text, secrets=secrets):
                return [s for s in secrets if s and s in text]

            calls = {
                "orm calendar.event read": lambda event=event: hits(
                    str(
                        env["calendar.event"]
                        .browse(event.id)
                        .read(["name", "description", "location", "videocall_location"])
                    )
                ),
                "orm calendar.event search description": partial(
                    self._description_hits, env, event, tuple(secrets[1:])
                ),
                "orm calendar.attendee": lambda event=event: (
                    self.CONFERENCE_ATTENDEES_PRIVATE
                    and env["calendar.attendee"]
                    .search([("event_id", "=", event.id)])
                    .mapped("email")
                ),
                "orm ir.attachment of the event": lambda event=event: env[
                    "ir.attachment"
                ].search_read(
                    [("res_model", "=", "calendar.event"), ("res_id", "=", event.id)],
                    ["name"],
                ),
                "orm mail.message of the event": lambda event=event: hits(
                    str(
                        env["mail.message"].search_read(
                            [
                                ("model", "=", "calendar.event"),
                                ("res_id", "=", event.id),
                            ],
                            ["body", "subject"],
                        )
                    )
                ),
            }
            for path, call in calls.items():
                try:
                    with mute_logger(*QUIET_LOGGERS):
                        got = call()
                except UserError:
                    log.ok()
                    continue
                if got:
                    log.leak(path, self._login(user), label, None, got)
                else:
                    log.ok()

    # ------------------------------------------------------------------
    # (b) Writes and creates
    # ------------------------------------------------------------------

    def _shape(self, rec, writer):
        """Records that look alike to an attacker are attacked once."""
        rec = rec.sudo()
        cases = self._cases_of(rec)
        return (
            rec._name,
            frozenset(self._value_owners(rec)),
            self._is_sensitive(rec),
            writer in cases.user_id,
        )

    def _writable_sample(self, writer, model):
        ids = [rid for m, rid in self.fixture_keys if m == model]
        Model = self.env(user=writer)[model].with_context(active_test=False)
        with mute_logger(*QUIET_LOGGERS):
            writable = Model.browse(ids)._filtered_access("write")
        sample, shapes = [], set()
        for rec in writable:
            shape = self._shape(rec, writer)
            if shape not in shapes:
                shapes.add(shape)
                sample.append(rec)
        return sample

    def _attack_writes(self, log, writer):
        for model in self.our_models + self.extended_models:
            for rec in self._writable_sample(writer, model):
                key = self._key(rec)
                for field, vals, desc, foreign in self._attempts_for(rec, writer):
                    self._attack(
                        log,
                        "write",
                        writer,
                        key,
                        field,
                        vals,
                        desc,
                        foreign,
                        lambda rec=rec, vals=vals: rec.write(vals),
                    )

    def _attack_creates(self, log, writer):
        """Create a copy of a writable record with one foreign value (L6)."""
        for model in self.our_models:
            sample = self._writable_sample(writer, model)
            Model = self.env(user=writer)[model]
            if not sample or not Model.has_access("create"):
                continue
            template = {
                name: value
                for name, value in sample[0].sudo().copy_data()[0].items()
                if Model._fields[name].type != "one2many"
            }
            if not self._template_works(Model, template):
                log.notes.append(
                    f"{self._login(writer)}: no create of {model} "
                    "from a copy of a writable record"
                )
                continue
            county = self.roles[writer.id]["county"]
            for field, vals, desc, foreign in self._attempts_for(sample[0], writer):
                if foreign is None or field not in template:
                    continue
                if (
                    county
                    and (model, field) in self.COUNTY_CREATES_ACROSS
                    and desc.endswith("(other organisation)")
                ):
                    continue  # still attacked with values hidden from the writer
                self._attack(
                    log,
                    "create",
                    writer,
                    None,
                    field,
                    vals,
                    desc,
                    foreign,
                    lambda vals=vals, Model=Model, template=template: Model.create(
                        {**template, **vals}
                    ),
                )

    def _template_works(self, Model, template):
        savepoint = self.env.cr.savepoint()
        try:
            with mute_logger(*QUIET_LOGGERS):
                Model.create(dict(template))
                self.env.flush_all()
            return True
        except REFUSALS:
            return False
        finally:
            savepoint.close(rollback=True)

    # ------------------------------------------------------------------
    # (c) Side paths, write side
    # ------------------------------------------------------------------

    def _outsiders(self, rec):
        """Up to two actors who may not read the record: one of the record's
        own organisation if there is one, one from elsewhere."""
        allowed = self._expected_of(*self._key(rec))
        owners = self._value_owners(rec)
        picked = {}
        for user in self.actors.values():
            if user.id in allowed:
                continue
            kind = bool(self.roles[user.id]["companies"] & owners)
            picked.setdefault(kind, user)
        return list(picked.values())

    def _attack_side_writes(self, log, writer):
        """Mentions, followers and activities for people who may not read
        the record (L3, L4, followers), activities on hidden records."""
        for model in self.our_models:
            Model = self.env(user=writer)[model]
            if "message_ids" not in Model._fields:
                continue
            for rec in self._writable_sample(writer, model)[:2]:
                key = self._key(rec)
                for outsider in self._outsiders(rec):
                    login = self._login(outsider)
                    partner = outsider.sudo().partner_id.id
                    actions = {
                        "message_post partner_ids": lambda rec=rec, p=partner: (
                            rec.message_post(
                                body="Isolation test mention",
                                partner_ids=[p],
                                message_type="comment",
                                subtype_xmlid="mail.mt_note",
                            )
                        ),
                        "message_subscribe": lambda rec=rec, p=partner: (
                            rec.message_subscribe(partner_ids=[p])
                        ),
                    }
                    if "activity_ids" in Model._fields:
                        actions["activity_schedule user_id"] = (
                            lambda rec=rec, u=outsider: rec.activity_schedule(
                                "mail.mail_activity_data_todo",
                                summary="Isolation test: call the client",
                                user_id=u.id,
                            )
                        )
                    for path, action in actions.items():
                        self._attack(
                            log,
                            path,
                            writer,
                            key,
                            None,
                            {},
                            f"for {login}",
                            None,
                            action,
                            widen=False,
                        )
        self._attack_hidden_activities(log, writer)

    def _attack_hidden_activities(self, log, writer):
        env = self.env(user=writer)
        todo = self.env.ref("mail.mail_activity_data_todo")
        seen = set()
        for key in self._forbidden_keys(writer):
            if key[0] in seen or "activity_ids" not in env[key[0]]._fields:
                continue
            seen.add(key[0])
            model_id = self.env["ir.model"]._get_id(key[0])
            self._attack(
                log,
                "mail.activity create on a hidden record",
                writer,
                key,
                None,
                {},
                "activity",
                None,
                lambda key=key, model_id=model_id: env["mail.activity"].create(
                    {
                        "res_model_id": model_id,
                        "res_id": key[1],
                        "activity_type_id": todo.id,
                        "summary": "Isolation test",
                        "user_id": writer.id,
                    }
                ),
                widen=False,
            )
