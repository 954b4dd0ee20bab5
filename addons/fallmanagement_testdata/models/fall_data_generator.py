import logging
import math
import time
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from odoo.addons.fallmanagement.models.fall_authority_matter import (
    MATTER_KINDS,
    MATTER_TYPES,
    OBJECTION_STATES,
)
from odoo.addons.fallmanagement.models.fall_case import CLOSURE_REASONS, JOB_KINDS
from odoo.addons.fallmanagement.models.fall_consent import RECIPIENT_KINDS
from odoo.addons.fallmanagement.models.fall_contact import CONTACT_KINDS
from odoo.addons.fallmanagement.models.fall_goal import GOAL_STATES
from odoo.addons.fallmanagement.models.fall_goal_step import STEP_OWNERS, STEP_STATES
from odoo.addons.fallmanagement.models.fall_referral import REFERRAL_STATES

from ..tools import generator_data as data
from ..tools.generator_run import (
    HISTORY_DAYS,
    GeneratorRun,
    between,
    pick,
    selection_values,
    slug,
)

_logger = logging.getLogger(__name__)

# ir.model.data module of the records later runs reuse (the companies).
XMLID_MODULE = "__fall_generator__"
SCALES = {"1k": 1000, "10k": 10000, "50k": 50000}
BATCH_SIZE = 2000
CASES_PER_COUNSELLOR = 60

# No chatter, no followers, no notifications, no invitations: test data is
# written in bulk, and nobody is to receive mail about it.
GENERATOR_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
    "mail_activity_quick_update": True,
    "mail_auto_subscribe_no_notify": True,
    "no_reset_password": True,
}

# The product's states and kinds (see selection_values()): REFERRAL.done == "done".
CLOSURE = selection_values(CLOSURE_REASONS)
JOB = selection_values(JOB_KINDS)
CONTACT = selection_values(CONTACT_KINDS)
MATTER = selection_values(MATTER_KINDS)
MATTER_TYPE = selection_values(MATTER_TYPES)
OBJECTION = selection_values(OBJECTION_STATES)
RECIPIENT = selection_values(RECIPIENT_KINDS)
GOAL = selection_values(GOAL_STATES)
STEP = selection_values(STEP_STATES)
OWNER = selection_values(STEP_OWNERS)
REFERRAL = selection_values(REFERRAL_STATES)

# Relative frequencies; the order of the keys is part of the seed's data.
CLOSURE_WEIGHTS = {
    CLOSURE.job: 28,
    CLOSURE.measure: 14,
    CLOSURE.moved: 10,
    CLOSURE.not_eligible: 14,
    CLOSURE.dropped_out: 22,
    CLOSURE.other: 12,
}
# The chance that a barrier of an open case has been reduced, by phase.
BARRIER_PROGRESS = {
    "intake": 0.03,
    "assessment": 0.1,
    "planning": 0.25,
    "monitoring": 0.45,
    "aftercare": 0.7,
}
# Kinds of employment of a job start, all with an employer.
EMPLOYMENT_WEIGHTS = {JOB.insured: 60, JOB.minijob: 25, JOB.apprenticeship: 15}
# Barrier code -> relative frequency (per case, before adjustments).
BARRIER_WEIGHTS = {
    "debts": 45,
    "addiction": 14,
    "health": 32,
    "mental_health": 24,
    "childcare": 12,
    "housing": 14,
    "language": 10,
    "qualification": 50,
    "mobility": 28,
    "authorities": 10,
    "motivation": 30,
    "criminal": 5,
}
CONTACT_WEIGHTS = {
    CONTACT.in_person: 45,
    CONTACT.phone: 25,
    CONTACT.email: 8,
    CONTACT.home_visit: 8,
    CONTACT.accompaniment: 7,
    CONTACT.video: 4,
    CONTACT.group: 3,
}
MATTER_WEIGHTS = {
    MATTER.citizen_benefit: 45,
    MATTER.housing_benefit: 15,
    MATTER.child_supplement: 8,
    MATTER.pension: 6,
    MATTER.disability: 6,
    MATTER.health_insurance: 5,
    MATTER.other: 15,
}
# Referral states: of a closed case; by days since the request (< 10, < 45,
# later) in an open case.
REFERRAL_WEIGHTS_CLOSED = {
    REFERRAL.done: 55,
    REFERRAL.failed: 25,
    REFERRAL.rejected: 10,
    REFERRAL.prepared: 3,
}
REFERRAL_WEIGHTS_NEW = {
    REFERRAL.prepared: 25,
    REFERRAL.requested: 55,
    REFERRAL.appointment: 20,
}
REFERRAL_WEIGHTS_RUNNING = {
    REFERRAL.requested: 15,
    REFERRAL.appointment: 30,
    REFERRAL.in_care: 40,
    REFERRAL.failed: 10,
    REFERRAL.rejected: 5,
}
REFERRAL_WEIGHTS_OLD = {
    REFERRAL.in_care: 25,
    REFERRAL.done: 45,
    REFERRAL.failed: 20,
    REFERRAL.rejected: 10,
}
# The referral has ended: the partner has answered.
REFERRAL_ENDED = (REFERRAL.done, REFERRAL.failed, REFERRAL.rejected)
GOAL_WEIGHTS_CLOSED = {GOAL.achieved: 55, GOAL.partly: 28, GOAL.dropped: 17}
GOAL_WEIGHTS_OPEN = {GOAL.open: 80, GOAL.achieved: 14, GOAL.partly: 6}
OWNER_WEIGHTS = {OWNER.client: 50, OWNER.counsellor: 35, OWNER.partner: 15}
# Objection states of a decision notice: fresh (< 30 days) or older.
OBJECTION_WEIGHTS_FRESH = {OBJECTION.none: 70, OBJECTION.planned: 30}
OBJECTION_WEIGHTS = {
    OBJECTION.waived: 55,
    OBJECTION.filed: 12,
    OBJECTION.granted: 10,
    OBJECTION.partly: 8,
    OBJECTION.rejected: 12,
    OBJECTION.withdrawn: 3,
}


class FallDataGenerator(models.AbstractModel):
    """Fills a database with fictional case management data at scale.

    Everything is derived from the seed and the reference date: the same
    arguments on a fresh database give the same data. Records are created in
    batches, without chatter messages, followers or e-mails.
    """

    _name = "fall.data.generator"
    _description = "Test Data Generator"

    @api.model
    def generate(self, clients=1000, seed=1, today=None, commit=False, password=None):
        """Generate ``clients`` clients with cases and everything around them.

        :param clients: number of clients (a scale of 1000 to 50000 is usual)
        :param seed: seed of the random generator
        :param today: reference date (default: today); it must not lie after
            the real date, the models refuse dates in the future
        :param commit: commit after each batch (command line only)
        :param password: password of the generated users; without it they
            cannot log in
        :return: ``{model name: number of records created}``
        """
        run = self._generate_run(
            clients=clients, seed=seed, today=today, commit=commit, password=password
        )
        return dict(run.counts)

    @api.model
    def _generate_run(self, clients=1000, seed=1, today=None, **options):
        """Like :meth:`generate`, returning the :class:`GeneratorRun`."""
        self._check_generator_access()
        if int(clients) < 1:
            raise UserError(self.env._("Generate at least one client."))
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        # sudo: only administrators get here (checked above); the generator
        # creates companies, users and the data of every association.
        env = self.sudo().with_context(**GENERATOR_CONTEXT).env
        run = GeneratorRun(env, int(clients), seed, today, **options)
        generator = self.with_env(env)
        started = time.monotonic()
        _logger.info(
            "Generating test data: %s clients, seed %s, reference date %s",
            run.clients,
            seed,
            today,
        )
        for step in generator._generation_steps():
            step_started = time.monotonic()
            getattr(generator, step)(run)
            generator._end_batch(run)
            _logger.info("%s done in %.1f s", step, time.monotonic() - step_started)
        _logger.info(
            "Test data generated in %.1f s: %s",
            time.monotonic() - started,
            ", ".join(
                f"{model} {count}" for model, count in sorted(run.counts.items())
            ),
        )
        return run

    def _check_generator_access(self):
        user = self.env.user
        if not (
            self.env.is_superuser()
            or user.has_group("fallmanagement.group_fall_admin")
            or user.has_group("base.group_system")
        ):
            raise UserError(self.env._("Only an administrator can generate test data."))

    def _generation_steps(self):
        """Names of the step methods, in order; each takes the run."""
        return [
            "_generate_companies",
            "_generate_users",
            "_generate_clients",
            "_generate_cases",
            "_generate_barriers",
            "_generate_network",
            "_generate_goals",
            "_generate_contacts",
            "_generate_authority_matters",
        ]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _create(self, run, model, vals_list, batch_size=BATCH_SIZE):
        """Create ``vals_list`` in batches; return the new ids in order.

        :param model: an empty recordset (its context is kept)
        """
        ids = []
        for start in range(0, len(vals_list), batch_size):
            ids += model.create(vals_list[start : start + batch_size]).ids
            self._end_batch(run)
            if len(vals_list) > batch_size:
                _logger.info("%s: %s of %s", model._name, len(ids), len(vals_list))
        run.counts[model._name] += len(ids)
        return ids

    def _end_batch(self, run):
        """Write the batch, empty the cache; commit when asked to."""
        run.env.flush_all()
        run.env.invalidate_all()
        if run.commit:
            # only the command line asks for it: a long run keeps its
            # progress, and PostgreSQL needs no huge transaction
            run.env.cr.commit()  # pylint: disable=invalid-commit

    def _xmlid_record(self, run, name, model):
        record = run.env.ref(f"{XMLID_MODULE}.{name}", raise_if_not_found=False)
        return record or run.env[model]

    def _bind_xmlid(self, run, name, record):
        run.env["ir.model.data"].create(
            {
                "module": XMLID_MODULE,
                "name": name,
                "model": record._name,
                "res_id": record.id,
                "noupdate": True,
            }
        )

    def _german_lang(self, run):
        lang = run.env["res.lang"]._lang_get("de_DE")
        return lang.code if lang else False

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------

    def _generate_companies(self, run):
        """ALRA, AiA and the county: reused from an earlier run (or by name)."""
        country = run.env.ref("base.de", raise_if_not_found=False)
        state = run.env.ref("base.state_de_ni", raise_if_not_found=False)
        for key, values in data.COMPANIES.items():
            xmlid = f"company_{key}"
            company = self._xmlid_record(run, xmlid, "res.company")
            if not company:
                company = run.env["res.company"].search(
                    [("name", "=", values["name"])], limit=1
                )
                if not company:
                    company = run.env["res.company"].create(
                        {
                            "name": values["name"],
                            "fall_case_prefix": values["prefix"],
                            "street": values["street"],
                            "zip": values["zip"],
                            "city": values["city"],
                            "country_id": country.id if country else False,
                            "state_id": state.id if state else False,
                        }
                    )
                    # set after creating: an e-mail address at creation lets
                    # partner_autocomplete ask a web service about the company
                    company.email = values["email"]
                    run.counts["res.company"] += 1
                self._bind_xmlid(run, xmlid, company)
            run.companies[key] = company.id

    def _user_count(self, run, key):
        """Counsellors of an association: about one per 60 cases."""
        share = sum(t[3] for t in data.TOWNS if t[2] == key) / sum(
            t[3] for t in data.TOWNS
        )
        cases = run.clients * share * 1.25
        return max(2, math.ceil(cases / CASES_PER_COUNSELLOR))

    def _generate_users(self, run):
        """Counsellors, a lead per association and a few county users.

        Users of an earlier run with the same login are reused.
        """
        planned = self._planned_users(run)
        Users = run.env["res.users"].with_context(active_test=False)
        existing = {
            user.login: user.id
            for user in Users.search([("login", "in", [p[2] for p in planned])])
        }
        vals_list = self._user_values(run, planned, existing)
        new_ids = self._create(run, Users, vals_list, batch_size=500)
        if run.password and new_ids:
            # set as a hash below, past the password policy: check it here
            Users._check_password_policy([run.password])
            # one hash for all: hashing is slow on purpose
            hashed = Users._crypt_context().hash(run.password)
            for user_id in new_ids:
                Users._set_encrypted_password(user_id, hashed)
        existing.update(zip([v["login"] for v in vals_list], new_ids, strict=True))
        for key, role, login in planned:
            if role == "lead":
                run.leads[key] = existing[login]
            elif role == "counsellor":
                run.counsellors[key].append(existing[login])
            else:
                run.county_users.append(existing[login])
        run.county_partners = Users.browse(run.county_users).partner_id.ids

    def _planned_users(self, run):
        """``(key, role, login)`` of every user of the run, in order."""
        planned = []
        for key in ("alra", "aia"):
            login = data.COMPANIES[key]["login"]
            planned.append((key, "lead", f"gen.{login}.leitung"))
            for number in range(1, self._user_count(run, key) + 1):
                planned.append((key, "counsellor", f"gen.{login}.berater.{number:03d}"))
        for number in range(1, 3 + run.clients // 10000 + 1):
            planned.append(("county", "county", f"gen.landkreis.{number:03d}"))
        return planned

    def _user_values(self, run, planned, existing):
        """Values of the planned users whose login is not in ``existing``.

        A name is drawn for every planned user, so that reusing some users
        does not change the names of the others.
        """
        rng = run.rng("users")
        groups = {
            "counsellor": run.env.ref("fallmanagement.group_fall_user"),
            "lead": run.env.ref("fallmanagement.group_fall_manager"),
            "county": run.env.ref("fallmanagement.group_fall_county"),
        }
        lang = self._german_lang(run)
        vals_list = []
        for key, role, login in planned:
            female = rng.random() < 0.6
            first = rng.choice(
                data.FIRST_NAMES_FEMALE if female else data.FIRST_NAMES_MALE
            )
            name = f"{first} {rng.choice(data.LAST_NAMES)}"
            if login in existing:
                continue
            company_id = run.companies[key]
            domain = data.COMPANIES[key]["email"].split("@")[1]
            vals_list.append(
                {
                    "name": name,
                    "login": login,
                    "email": f"{login}@{domain}",
                    "company_id": company_id,
                    "company_ids": [Command.set([company_id])],
                    "groups_id": [Command.set([groups[role].id])],
                    "tz": "Europe/Berlin",
                    "notification_type": "inbox",
                    **({"lang": lang} if lang else {}),
                }
            )
        return vals_list

    def _generate_clients(self, run):
        """Clients with address, numbers and household, in Ammerland towns."""
        rng = run.rng("clients")
        country = run.env.ref("base.de", raise_if_not_found=False)
        state = run.env.ref("base.state_de_ni", raise_if_not_found=False)
        town_weights = {town: town[3] for town in data.TOWNS}
        channels = {
            "phone": 40,
            "post": 20,
            "in_person": 20,
            "email": 10,
            "messenger": 10,
        }
        vals_list = []
        for index in range(run.clients):
            town = pick(rng, town_weights)
            female = rng.random() < 0.48
            migration = rng.random() < 0.15
            if migration:
                first = rng.choice(
                    data.FIRST_NAMES_FEMALE_MIGRATION
                    if female
                    else data.FIRST_NAMES_MALE_MIGRATION
                )
                last = rng.choice(data.LAST_NAMES_MIGRATION)
            else:
                first = rng.choice(
                    data.FIRST_NAMES_FEMALE if female else data.FIRST_NAMES_MALE
                )
                last = rng.choice(data.LAST_NAMES)
            birthdate = run.days_ago(rng.randint(18 * 365 + 60, 63 * 365))
            email = (
                f"{slug(first)}.{slug(last)}{rng.randint(1, 99)}@example.org"
                if rng.random() < 0.35
                else False
            )
            row = {
                "index": index,
                "key": town[2],
                "name": f"{first} {last}",
                "last_name": last,
                "female": female,
                "migration": migration,
                "birthdate": birthdate,
                "young_children": 0,
            }
            run.client_rows.append(row)
            vals_list.append(
                {
                    "name": row["name"],
                    "fall_is_client": True,
                    "company_id": run.companies[town[2]],
                    "fall_birthdate": birthdate,
                    "fall_customer_number": (
                        f"{rng.randint(100, 999)}D{rng.randint(100000, 999999)}"
                    ),
                    "fall_bg_number": f"{town[1]}BG{rng.randint(1000000, 9999999)}",
                    "fall_preferred_channel": pick(rng, channels),
                    "street": f"{rng.choice(data.STREETS)} {rng.randint(1, 120)}",
                    "zip": town[1],
                    "city": town[0],
                    "country_id": country.id if country else False,
                    "state_id": state.id if state else False,
                    "email": email,
                }
            )
        ids = self._create(run, run.env["res.partner"], vals_list)
        for row, client_id in zip(run.client_rows, ids, strict=True):
            row["id"] = client_id
        self._generate_households(run)

    def _generate_households(self, run):
        rng = run.rng("households")
        vals_list = []
        for row in run.client_rows:
            client_age = (run.today - row["birthdate"]).days // 365
            if rng.random() < 0.35:
                names = (
                    data.FIRST_NAMES_MALE if row["female"] else data.FIRST_NAMES_FEMALE
                )
                vals_list.append(
                    {
                        "client_id": row["id"],
                        "name": f"{rng.choice(names)} {row['last_name']}",
                        "relation": "partner",
                        "birthdate": min(
                            row["birthdate"] + timedelta(days=rng.randint(-2000, 2000)),
                            run.days_ago(18 * 365 + 30),
                        ),
                    }
                )
            children = rng.choices([0, 1, 2, 3], weights=[50, 25, 17, 8])[0]
            for _child in range(children if client_age >= 20 else 0):
                age_days = rng.randint(30, min(client_age - 18, 17) * 365 + 300)
                if age_days < 12 * 365:
                    row["young_children"] += 1
                names = rng.choice([data.FIRST_NAMES_FEMALE, data.FIRST_NAMES_MALE])
                vals_list.append(
                    {
                        "client_id": row["id"],
                        "name": f"{rng.choice(names)} {row['last_name']}",
                        "relation": "child",
                        "birthdate": run.days_ago(age_days),
                    }
                )
            if rng.random() < 0.04:
                vals_list.append(
                    {
                        "client_id": row["id"],
                        "name": f"{rng.choice(data.FIRST_NAMES_FEMALE)} "
                        f"{row['last_name']}",
                        "relation": "parent",
                        "birthdate": row["birthdate"]
                        - timedelta(days=rng.randint(20 * 365, 35 * 365)),
                        "needs_care": True,
                    }
                )
        self._create(run, run.env["fall.household.member"], vals_list)

    def _generate_employers(self, run):
        """Employers of the job starts (network partners of type employer)."""
        rng = run.rng("employers")
        partner_type = run.env["fall.partner.type"].search(
            [("code", "=", "employer")], limit=1
        )
        names = set()
        vals_list = []
        for _index in range(max(5, run.clients // 60)):
            name = (
                f"{rng.choice(data.EMPLOYER_KINDS)} {rng.choice(data.LAST_NAMES)} "
                f"{rng.choice(data.EMPLOYER_FORMS)}"
            )
            town = rng.choice(data.TOWNS)
            if name in names:
                name = f"{name} ({town[0]})"
            if name in names:
                continue
            names.add(name)
            vals_list.append(
                {
                    "name": name,
                    "is_company": True,
                    "fall_partner_type_id": partner_type.id,
                    "zip": town[1],
                    "city": town[0],
                    "email": f"personal@{slug(name)}.example",
                }
            )
        run.employers = self._create(run, run.env["res.partner"], vals_list)
        run.partners["employer"] = list(run.employers)

    def _plan_case(self, run, rng, client, opened, close_by=None):
        """Phase, closure and outcome of a case opened on ``opened``.

        :param close_by: the case must be closed before this date (an older
            case of a client who came back)
        """
        age = (run.today - opened).days
        case = {
            "client": client,
            "key": client["key"],
            "opened": opened,
            "closed": None,
            "reason": None,
            "job_start": None,
            "job_kind": None,
            "stage": None,
        }
        if close_by:
            span = max((close_by - opened).days, 1)
            case["closed"] = opened + timedelta(days=rng.randint(min(45, span), span))
        elif rng.random() < 1 - math.exp(-age / 720):
            case["closed"] = opened + timedelta(days=rng.randint(min(30, age), age))
        if case["closed"]:
            case["stage"] = "closed"
            reason = case["reason"] = pick(rng, CLOSURE_WEIGHTS)
            duration = (case["closed"] - opened).days
            if reason == CLOSURE.job:
                before = rng.randint(90, 190)
                case["job_start"] = (
                    case["closed"] - timedelta(days=before)
                    if duration > before + 14
                    else opened + timedelta(days=duration // 2)
                )
                case["job_kind"] = pick(rng, EMPLOYMENT_WEIGHTS)
            elif reason == CLOSURE.measure:
                case["job_start"] = case["closed"]
                case["job_kind"] = JOB.measure
            return case
        if age < 21:
            case["stage"] = "intake"
        elif age < 60:
            case["stage"] = "assessment" if rng.random() < 0.8 else "intake"
        elif age < 120:
            case["stage"] = "planning" if rng.random() < 0.7 else "assessment"
        elif age > 150 and rng.random() < 0.15:
            case["stage"] = "aftercare"
            case["job_start"] = run.days_ago(rng.randint(7, min(170, age - 60)))
            case["job_kind"] = pick(rng, EMPLOYMENT_WEIGHTS)
        else:
            case["stage"] = "monitoring" if rng.random() < 0.88 else "planning"
        return case

    def _generate_cases(self, run):
        """About one case per client; some clients came back after a closed one."""
        self._generate_employers(run)
        rng = run.rng("cases")
        stages = {
            code: run.env.ref(f"fallmanagement.fall_case_stage_{code}").id
            for code in (
                "intake",
                "assessment",
                "planning",
                "monitoring",
                "aftercare",
                "closed",
            )
        }
        for client in run.client_rows:
            opened = run.days_ago(rng.randint(0, HISTORY_DAYS))
            if rng.random() < 0.2 and opened > run.start + timedelta(days=120):
                earlier = between(rng, run.start, opened - timedelta(days=90))
                close_by = opened - timedelta(days=14)
                run.case_rows.append(
                    self._plan_case(run, rng, client, earlier, close_by)
                )
            run.case_rows.append(self._plan_case(run, rng, client, opened))
        # numbered in the order of opening, with the year of opening
        run.case_rows.sort(key=lambda c: (c["opened"], c["client"]["index"]))
        by_year = defaultdict(list)
        for case in run.case_rows:
            by_year[case["opened"].year].append(case)
        Case = run.env["fall.case"]
        for year, cases in sorted(by_year.items()):
            vals_list = [self._case_values(run, rng, case, stages) for case in cases]
            ids = self._create(
                run, Case.with_context(ir_sequence_date=f"{year}-01-01"), vals_list
            )
            for case, case_id in zip(cases, ids, strict=True):
                case["id"] = case_id

    def _case_values(self, run, rng, case, stages):
        counsellors = run.counsellors[case["key"]]
        user_id = rng.choice(counsellors)
        case["user_id"] = user_id
        age = (run.today - case["opened"]).days
        vals = {
            "client_id": case["client"]["id"],
            "company_id": run.companies[case["key"]],
            "user_id": user_id,
            "stage_id": stages[case["stage"]],
            "opened_date": case["opened"],
            "assignment_date": case["opened"] - timedelta(days=rng.randint(0, 28)),
            "county_contact_id": rng.choice(run.county_partners),
            "priority": "1" if rng.random() < 0.08 else "0",
            "closed_date": case["closed"] or False,
            "closure_reason": case["reason"] or False,
            "closure_note": data.CLOSURE_NOTES.get(case["reason"], False),
            "job_start_date": case["job_start"] or False,
            "job_kind": case["job_kind"] or False,
        }
        if case["job_kind"] in EMPLOYMENT_WEIGHTS:
            vals["employer_id"] = rng.choice(run.employers)
        if rng.random() < 0.1 and len(counsellors) > 1:
            deputy = rng.choice([u for u in counsellors if u != user_id])
            vals["counsellor_ids"] = [Command.set([deputy])]
        if not case["closed"]:
            if rng.random() < 0.85:
                vals["review_date"] = max(
                    case["opened"], run.today + timedelta(days=rng.randint(-21, 56))
                )
            if age > 120 and rng.random() < 0.7:
                vals["plan_reviewed_date"] = run.days_ago(
                    rng.randint(0, min(age - 60, 240))
                )
        return vals

    def _case_end(self, run, case):
        """The last day something happened in the case."""
        return case["closed"] or run.today

    def _generate_barriers(self, run):
        """Two to four barriers per case, severities at intake and now."""
        rng = run.rng("barriers")
        types = {
            t.code: (t.id, t.is_sensitive)
            for t in run.env["fall.barrier.type"].search([("code", "!=", False)])
        }
        vals_list = []
        for case in run.case_rows:
            codes = self._barrier_codes(rng, case, types)
            progress = self._barrier_progress(case)
            case["barriers"] = []
            for code in codes:
                vals = self._barrier_severities(run, rng, case, progress)
                row = {"case": case, "code": code, "sensitive": types[code][1]}
                case["barriers"].append(row)
                run.barrier_rows.append(row)
                vals_list.append(
                    {"case_id": case["id"], "barrier_type_id": types[code][0], **vals}
                )
        ids = self._create(run, run.env["fall.case.barrier"], vals_list)
        for row, barrier_id in zip(run.barrier_rows, ids, strict=True):
            row["id"] = barrier_id

    def _barrier_codes(self, rng, case, types):
        """Two to four different barrier codes of ``case``."""
        client = case["client"]
        weights = {
            code: weight for code, weight in BARRIER_WEIGHTS.items() if code in types
        }
        if client["migration"] and "language" in weights:
            weights["language"] = 80
        if client["young_children"] and "childcare" in weights:
            weights["childcare"] = 60
        codes = []
        for _index in range(min(rng.randint(2, 4), len(weights))):
            code = pick(rng, weights)
            del weights[code]
            codes.append(code)
        return codes

    def _barrier_progress(self, case):
        """The chance that a barrier of ``case`` has been reduced by now."""
        if case["stage"] == "closed":
            return 0.7 if case["reason"] in (CLOSURE.job, CLOSURE.measure) else 0.3
        return BARRIER_PROGRESS[case["stage"]]

    def _barrier_severities(self, run, rng, case, progress):
        """Severity at intake and now, known since, resolved on."""
        intake = int(pick(rng, {"1": 20, "2": 45, "3": 35}))
        current = intake
        if rng.random() < progress:
            current = intake - rng.randint(1, intake)
        elif intake < 3 and rng.random() < 0.05:
            current = intake + 1
        since = case["opened"] - timedelta(days=rng.randint(60, 2500))
        resolved = False
        if current == 0:
            end = self._case_end(run, case)
            resolved = between(rng, min(case["opened"] + timedelta(days=30), end), end)
        return {
            "severity_intake": str(intake),
            "severity_current": str(current),
            "since_date": since,
            "resolved_date": resolved,
        }

    def _generate_network(self, run):
        """Network partners, consents (for partners and the county), referrals."""
        run.categories = {
            c.code: c.id for c in run.env["fall.data.category"].search([])
        }
        self._generate_network_partners(run)
        self._generate_county_consents(run)
        self._generate_referrals(run)

    def _generate_network_partners(self, run):
        """Network partners of each type with contact persons; the authorities.

        Partners of an earlier run with the same name are reused.
        """
        rng = run.rng("network")
        types = {
            t.code: t.id
            for t in run.env["fall.partner.type"].search([("code", "!=", False)])
        }
        existing = {
            p.name: p
            for p in run.env["res.partner"].search(
                [("fall_partner_type_id", "!=", False), ("parent_id", "=", False)]
            )
        }
        planned = self._planned_network_partners(run, rng, types)
        new = [p for p in planned if p[1] not in existing]
        ids = self._create(run, run.env["res.partner"], [p[2] for p in new])
        created = dict(zip([p[1] for p in new], ids, strict=True))
        contacts = []
        authority_kinds = dict(data.AUTHORITIES)
        for code, name, _vals in planned:
            partner_id = created.get(name) or existing[name].id
            run.partners[code].append(partner_id)
            for kind in authority_kinds.get(name, []) if code == "authority" else []:
                run.authorities[kind].append(partner_id)
            if name in created and code != "authority":
                contacts += self._partner_contact_values(rng, partner_id, name)
            elif name in existing:
                run.partner_contacts[partner_id] = existing[name].child_ids.ids
        contact_ids = self._create(run, run.env["res.partner"], contacts)
        for vals, contact_id in zip(contacts, contact_ids, strict=True):
            run.partner_contacts[vals["parent_id"]].append(contact_id)

    def _planned_network_partners(self, run, rng, types):
        """``(partner type code, name, values)`` of the organisations."""
        per_type = max(2, round(run.clients / 4000))
        planned = []
        names = set()
        for code, (patterns, note) in data.NETWORK_PARTNERS.items():
            if code not in types:
                continue
            for _index in range(per_type):
                town = rng.choice(data.TOWNS)
                name = rng.choice(patterns).format(
                    town=town[0], name=rng.choice(data.ORGANISATION_NAMES)
                )
                if name in names:
                    continue
                names.add(name)
                planned.append(
                    (
                        code,
                        name,
                        {
                            "name": name,
                            "is_company": True,
                            "fall_partner_type_id": types[code],
                            "street": f"{rng.choice(data.STREETS)} "
                            f"{rng.randint(1, 60)}",
                            "zip": town[1],
                            "city": town[0],
                            "email": f"kontakt@{slug(name)}.example",
                            "fall_referral_note": note,
                        },
                    )
                )
        for name, _kinds in data.AUTHORITIES:
            if "authority" in types:
                planned.append(
                    (
                        "authority",
                        name,
                        {
                            "name": name,
                            "is_company": True,
                            "fall_partner_type_id": types["authority"],
                        },
                    )
                )
        return planned

    def _partner_contact_values(self, rng, partner_id, name):
        """One or two contact persons of the organisation ``name``."""
        contacts = []
        for _index in range(rng.randint(1, 2)):
            female = rng.random() < 0.6
            first = rng.choice(
                data.FIRST_NAMES_FEMALE if female else data.FIRST_NAMES_MALE
            )
            last = rng.choice(data.LAST_NAMES)
            contacts.append(
                {
                    "name": f"{first} {last}",
                    "parent_id": partner_id,
                    "type": "contact",
                    "function": "Beratung",
                    "email": f"{slug(first)[0]}.{slug(last)}@{slug(name)}.example",
                }
            )
        return contacts

    def _consent_base(self, run, client_id, user_id, signed, valid_until):
        vals = {
            "client_id": client_id,
            "user_id": user_id,
            "signed_date": signed or False,
            "valid_until": valid_until or False,
        }
        if signed:
            vals["signed_scan"] = run.scan
            vals["signed_scan_name"] = "einwilligung.pdf"
        return vals

    def _generate_county_consents(self, run):
        """Most clients let the county see data for the case conferences."""
        rng = run.rng("county-consents")
        first_case = {}
        for case in run.case_rows:
            first_case.setdefault(case["client"]["id"], case)
        vals_list = []
        for client_id, case in first_case.items():
            if rng.random() > 0.8:
                continue
            codes = ["contact", "customer_number"]
            codes += ["household"] if rng.random() < 0.5 else []
            codes += ["barriers"] if rng.random() < 0.7 else []
            codes += ["health"] if rng.random() < 0.1 else []
            signed = None
            if rng.random() > 0.04:  # the others are not signed yet
                signed = min(case["opened"] + timedelta(rng.randint(0, 14)), run.today)
            valid_until = (
                signed + timedelta(days=730) if signed and rng.random() < 0.6 else None
            )
            vals = self._consent_base(
                run, client_id, case["user_id"], signed, valid_until
            )
            vals.update(
                {
                    "recipient_kind": RECIPIENT.county,
                    "purpose": data.CONSENT_PURPOSES[RECIPIENT.county],
                    "data_category_ids": [
                        Command.set(
                            [run.categories[c] for c in codes if c in run.categories]
                        )
                    ],
                }
            )
            if signed and rng.random() < 0.03:
                vals["revoked_date"] = between(rng, signed, run.today)
                vals["revocation_note"] = "Widerruf schriftlich eingegangen."
            vals_list.append(vals)
        run.consent_ids += self._create(run, run.env["fall.consent"], vals_list)

    def _referral_state(self, run, rng, case, requested):
        """State of a referral requested on ``requested``."""
        if case["closed"]:
            return pick(rng, REFERRAL_WEIGHTS_CLOSED)
        elapsed = (run.today - requested).days
        if elapsed < 10:
            return pick(rng, REFERRAL_WEIGHTS_NEW)
        if elapsed < 45:
            return pick(rng, REFERRAL_WEIGHTS_RUNNING)
        return pick(rng, REFERRAL_WEIGHTS_OLD)

    def _generate_referrals(self, run):
        """About 0.6 referrals per case, each with the consent it needs.

        The consent is recorded before the referral (the models check it);
        some consents are revoked after the referral has ended.
        """
        rng = run.rng("referrals")
        Category = run.env["fall.data.category"]
        catalogue = Category.search([])
        barrier_types = {t.code: t for t in run.env["fall.barrier.type"].search([])}
        categories_of = {
            code: Category._for_barrier_types(barrier_type, catalogue=catalogue).ids
            for code, barrier_type in barrier_types.items()
        }
        contact_category = run.categories.get("contact")
        partner_types = {t.code: t.id for t in run.env["fall.partner.type"].search([])}
        referrals = []
        consents = []
        meta = []  # (referral state, case closed on) per consent
        for case in run.case_rows:
            count = rng.choices([0, 1, 2], weights=[50, 40, 10])[0]
            candidates = [
                b
                for b in case["barriers"]
                if run.partners.get(data.REFERRAL_TYPES.get(b["code"]))
            ]
            rng.shuffle(candidates)
            for barrier in candidates[:count]:
                type_code = data.REFERRAL_TYPES[barrier["code"]]
                vals, requested = self._referral_values(
                    run, rng, case, barrier, type_code
                )
                referrals.append(vals)
                state = vals["state"]
                consent = self._referral_consent(
                    run, rng, case, requested, state, vals["partner_id"]
                )
                if consent:
                    meta.append((state, case["closed"]))
                    codes = {contact_category, *categories_of[barrier["code"]]}
                    consent["data_category_ids"] = [
                        Command.set(sorted(c for c in codes if c))
                    ]
                    if consent["recipient_kind"] == RECIPIENT.partner_type:
                        consent["partner_type_id"] = partner_types[type_code]
                    consents.append(consent)
        consent_ids = self._create(run, run.env["fall.consent"], consents)
        run.consent_ids += consent_ids
        run.referral_ids = self._create(run, run.env["fall.referral"], referrals)
        self._revoke_consents(run, rng, consents, meta, consent_ids)

    def _referral_values(self, run, rng, case, barrier, type_code):
        """A referral of ``case`` about ``barrier``; its request date."""
        partner_id = rng.choice(run.partners[type_code])
        end = self._case_end(run, case)
        requested = min(case["opened"] + timedelta(days=rng.randint(7, 150)), end)
        state = self._referral_state(run, rng, case, requested)
        vals = {
            "case_id": case["id"],
            "partner_id": partner_id,
            "barrier_ids": [Command.set([barrier["id"]])],
            "state": state,
            "request_note": rng.choice(data.REFERRAL_NOTES),
        }
        contacts = run.partner_contacts.get(partner_id)
        if contacts and rng.random() < 0.5:
            vals["contact_id"] = rng.choice(contacts)
        if state != REFERRAL.prepared:
            vals["requested_date"] = requested
        vals.update(self._referral_outcome(run, rng, state, requested, type_code))
        return vals, requested

    def _referral_outcome(self, run, rng, state, requested, type_code):
        """First appointment, the partner's feedback, the reason of a failure."""
        vals = {}
        low, high = data.WAITING_DAYS[type_code]
        appointment = requested + timedelta(days=rng.randint(low, high))
        if state in (REFERRAL.in_care, REFERRAL.done) or (
            state == REFERRAL.failed and rng.random() < 0.5
        ):
            appointment = min(appointment, run.today)
            vals["first_appointment_date"] = appointment
        elif state == REFERRAL.appointment:
            vals["first_appointment_date"] = appointment
        if state == REFERRAL.in_care or state in REFERRAL_ENDED:
            reported = vals.get("first_appointment_date") or requested
            vals["feedback_date"] = min(
                reported + timedelta(days=rng.randint(0, 60)), run.today
            )
            vals["feedback"] = (
                "Derzeit kein Platz frei."
                if state == REFERRAL.rejected
                else rng.choice(data.REFERRAL_FEEDBACK)
            )
        if state == REFERRAL.failed:
            vals["failure_reason"] = rng.choice(data.REFERRAL_FAILURES)
        return vals

    def _referral_consent(self, run, rng, case, requested, state, partner_id):
        """The consent a referral in ``state`` rests on (or none)."""
        if state == REFERRAL.prepared and rng.random() < 0.5:
            return None
        signed = requested - timedelta(days=rng.randint(0, 7))
        if state == REFERRAL.prepared:
            signed = None  # still to be signed
        valid_until = None
        # the referral is checked against the consents valid on the real date
        check_date = max(run.today, fields.Date.context_today(self))
        if signed and rng.random() < 0.5:
            valid_until = signed + timedelta(days=730)
            if state != REFERRAL.failed and valid_until < check_date:
                valid_until = None
        vals = self._consent_base(
            run, case["client"]["id"], case["user_id"], signed, valid_until
        )
        kind = RECIPIENT.partner if rng.random() < 0.7 else RECIPIENT.partner_type
        vals.update(
            {
                "recipient_kind": kind,
                "recipient_partner_id": partner_id
                if kind == RECIPIENT.partner
                else False,
                "purpose": data.CONSENT_PURPOSES[kind],
            }
        )
        return vals

    def _revoke_consents(self, run, rng, consents, meta, consent_ids):
        """Some clients revoke their consent once the referral is over."""
        by_date = defaultdict(list)
        for vals, (state, closed), consent_id in zip(
            consents, meta, consent_ids, strict=True
        ):
            if vals["signed_date"] and state in REFERRAL_ENDED and rng.random() < 0.08:
                start = max(vals["signed_date"], closed or vals["signed_date"])
                by_date[between(rng, start, run.today)].append(consent_id)
        Consent = run.env["fall.consent"]
        for revoked, ids in sorted(by_date.items()):
            Consent.browse(ids).write(
                {
                    "revoked_date": revoked,
                    "revocation_note": "Widerruf schriftlich eingegangen.",
                }
            )
        self._end_batch(run)

    def _generate_goals(self, run):
        """The cooperation plan: one to three goals with one to three steps."""
        rng = run.rng("goals")
        goals = []
        plans = []
        for case in run.case_rows:
            stage = case["stage"]
            if stage == "intake":
                continue
            count = rng.randint(0, 1) if stage == "assessment" else rng.randint(1, 3)
            options = [
                (barrier["code"], goal)
                for barrier in case["barriers"]
                for goal in data.GOALS.get(barrier["code"], [])
            ]
            options += [(None, goal) for goal in data.GENERAL_GOALS]
            rng.shuffle(options)
            end = self._case_end(run, case)
            for sequence, (code, (name, steps)) in enumerate(options[:count], 1):
                if case["closed"]:
                    state = pick(rng, GOAL_WEIGHTS_CLOSED)
                else:
                    state = pick(rng, GOAL_WEIGHTS_OPEN)
                goals.append(
                    {
                        "case_id": case["id"],
                        "sequence": sequence * 10,
                        "name": name,
                        "state": state,
                        "target_date": case["opened"]
                        + timedelta(days=rng.randint(60, 365)),
                    }
                )
                plans.append((case, code, state, steps, end))
        goal_ids = self._create(run, run.env["fall.goal"], goals)
        steps_vals = []
        for goal_id, (case, code, state, steps, end) in zip(
            goal_ids, plans, strict=True
        ):
            run.goal_rows.append({"id": goal_id, "case": case})
            partners = run.partners.get(data.REFERRAL_TYPES.get(code), [])
            for sequence, name in enumerate(steps[: rng.randint(1, 3)], 1):
                owner = pick(rng, OWNER_WEIGHTS)
                if owner == OWNER.partner and not partners:
                    owner = OWNER.counsellor
                due = case["opened"] + timedelta(days=rng.randint(14, 300))
                if state in (GOAL.achieved, GOAL.partly) or (
                    state == GOAL.open and due < run.today and rng.random() < 0.6
                ):
                    step_state = STEP.done
                elif state == GOAL.dropped or rng.random() < 0.05:
                    step_state = STEP.cancelled
                else:
                    step_state = STEP.open
                steps_vals.append(
                    {
                        "goal_id": goal_id,
                        "sequence": sequence * 10,
                        "name": name,
                        "owner": owner,
                        "partner_id": rng.choice(partners)
                        if owner == OWNER.partner
                        else False,
                        "due_date": min(due, end + timedelta(days=60)),
                        "state": step_state,
                    }
                )
        self._create(run, run.env["fall.goal.step"], steps_vals)

    def _generate_contacts(self, run):
        """Four to eight counselling contacts per case, fewer in new cases."""
        rng = run.rng("contacts")
        vals_list = []
        for case in run.case_rows:
            end = self._case_end(run, case)
            days = (end - case["opened"]).days
            count = rng.randint(4, 8)
            count = max(1, min(count, 1 + days // 14))
            dates = sorted(between(rng, case["opened"], end) for _i in range(count))
            for date in dates:
                kind = pick(rng, CONTACT_WEIGHTS)
                confidential = rng.random() < 0.07
                if kind in (CONTACT.home_visit, CONTACT.accompaniment):
                    duration = rng.choice([1.0, 1.5, 2.0, 2.5, 3.0])
                elif kind in (CONTACT.phone, CONTACT.email):
                    duration = rng.choice([0.25, 0.25, 0.5])
                else:
                    duration = rng.choice([0.5, 0.75, 1.0, 1.0, 1.5])
                if confidential:
                    note = rng.choice(data.CONFIDENTIAL_NOTES)
                elif rng.random() < 0.7:
                    note = rng.choice(data.CONTACT_NOTES)
                else:
                    note = False
                vals_list.append(
                    {
                        "case_id": case["id"],
                        "date": date,
                        "kind": kind,
                        "duration": duration,
                        "user_id": case["user_id"],
                        "note": note,
                        "is_confidential": confidential,
                    }
                )
        self._create(run, run.env["fall.contact"], vals_list)

    def _generate_authority_matters(self, run):
        """Applications and decision notices for about every third case."""
        rng = run.rng("authority-matters")
        vals_list = []
        for case in run.case_rows:
            if rng.random() > 0.3:
                continue
            kind = pick(rng, MATTER_WEIGHTS)
            authorities = run.authorities.get(kind) or run.authorities.get(
                MATTER.citizen_benefit
            )
            if not authorities:
                continue
            end = self._case_end(run, case)
            vals = {
                "case_id": case["id"],
                "authority_id": rng.choice(authorities),
                "kind": kind,
                "name": rng.choice(data.MATTER_SUBJECTS[kind]),
                "reference": f"{case['client']['index'] + 1:06d}/{kind[:3].upper()}",
                "explained_to_client": rng.random() < 0.7,
            }
            if rng.random() < 0.65:
                vals["matter_type"] = MATTER_TYPE.application
                submitted = between(rng, case["opened"], end)
                vals["submitted_date"] = submitted
                decided = submitted + timedelta(days=rng.randint(14, 90))
                if decided > run.today or rng.random() < 0.3:
                    vals_list.append(vals)
                    continue
            else:
                vals["matter_type"] = MATTER_TYPE.decision
                decided = between(rng, case["opened"], end)
            vals["decision_date"] = decided
            sent = decided
            if rng.random() < 0.6:
                sent = vals["posted_date"] = min(
                    decided + timedelta(days=rng.randint(0, 2)), run.today
                )
            if rng.random() < 0.7:
                vals["received_date"] = min(
                    sent + timedelta(days=rng.randint(2, 6)), run.today
                )
            vals.update(self._objection_values(run, rng, decided))
            vals_list.append(vals)
        self._create(run, run.env["fall.authority.matter"], vals_list)

    def _objection_values(self, run, rng, decided):
        elapsed = (run.today - decided).days
        if elapsed < 30:
            return {"objection_state": pick(rng, OBJECTION_WEIGHTS_FRESH)}
        state = pick(rng, OBJECTION_WEIGHTS)
        vals = {"objection_state": state}
        if state != OBJECTION.waived:
            filed = decided + timedelta(days=rng.randint(5, 25))
            vals["objection_filed_date"] = filed
            if state != OBJECTION.filed and (run.today - filed).days > 30:
                vals["objection_decision_date"] = between(
                    rng, filed + timedelta(days=20), run.today
                )
            elif state != OBJECTION.filed:
                vals["objection_state"] = OBJECTION.filed
        return vals
