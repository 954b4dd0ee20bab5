import base64
import logging
import math
import random
import re
import time
import unicodedata
from collections import Counter, defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..tools import generator_data as data

_logger = logging.getLogger(__name__)

# ir.model.data module of the records later runs reuse (the companies).
XMLID_MODULE = "__fall_generator__"
SCALES = {"1k": 1000, "10k": 10000, "50k": 50000}
BATCH_SIZE = 2000
# The generated history reaches this far back from the reference date.
HISTORY_DAYS = 3 * 365
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

CLOSURE_WEIGHTS = {
    "job": 28,
    "measure": 14,
    "moved": 10,
    "not_eligible": 14,
    "dropped_out": 22,
    "other": 12,
}
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
CONTACT_KINDS = {
    "in_person": 45,
    "phone": 25,
    "email": 8,
    "home_visit": 8,
    "accompaniment": 7,
    "video": 4,
    "group": 3,
}
MATTER_KINDS = {
    "citizen_benefit": 45,
    "housing_benefit": 15,
    "child_supplement": 8,
    "pension": 6,
    "disability": 6,
    "health_insurance": 5,
    "other": 15,
}


def slug(text):
    """ASCII slug of a German text, for logins and e-mail addresses."""
    text = text.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "-", text.decode()).strip("-")


def minimal_pdf(text):
    """A one-page PDF showing ``text``: the 'scan' of a signed form."""
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = "%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
    out += f"startxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


class GeneratorRun:
    """What the steps of one generator run share.

    Each step reads what the earlier steps produced and adds its own. Records
    are kept as ids and small dicts, not recordsets, so that the ORM cache can
    be emptied after each batch.

    :ivar env: the environment the data is written with (superuser, no mail)
    :ivar clients: number of clients to generate
    :ivar seed: the seed; each step draws from its own ``rng(step)``
    :ivar today: the reference date; all dates lie before it, except
        review dates and appointments planned ahead
    :ivar counts: number of records created, by model name
    """

    def __init__(self, env, clients, seed, today, commit=False, password=None):
        self.env = env
        self.clients = clients
        self.seed = seed
        self.today = today
        self.commit = commit
        self.password = password
        self.start = today - timedelta(days=HISTORY_DAYS)
        self.counts = Counter()
        # key ("alra", "aia", "county") -> res.company id
        self.companies = {}
        # key -> user ids of counsellors; key -> user id of the lead
        self.counsellors = defaultdict(list)
        self.leads = {}
        self.county_users = []
        self.county_partners = []
        # one dict per client / case / barrier / goal, in creation order
        self.client_rows = []
        self.case_rows = []
        self.barrier_rows = []
        self.goal_rows = []
        # partner type code -> organisation ids; organisation id -> contacts
        self.partners = defaultdict(list)
        self.partner_contacts = defaultdict(list)
        self.employers = []
        # matter kind -> authority ids
        self.authorities = defaultdict(list)
        # data category code -> id
        self.categories = {}
        self.referral_ids = []
        self.consent_ids = []
        # base64 "scan" of a signed consent form
        self.scan = base64.b64encode(
            minimal_pdf("Einwilligung - unterschriebenes Formular (Testdaten)")
        )

    def rng(self, step):
        """The random generator of ``step``: each step draws independently,
        so adding a step does not change the data of the others."""
        return random.Random(f"{self.seed}:{step}")

    def days_ago(self, days):
        return self.today - timedelta(days=days)


def pick(rng, weights):
    """A key of ``weights`` (dict key -> weight) drawn at random."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def between(rng, start, end):
    """A random date from ``start`` to ``end`` (both included)."""
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


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
        rng = run.rng("users")
        groups = {
            "counsellor": run.env.ref("fallmanagement.group_fall_user"),
            "lead": run.env.ref("fallmanagement.group_fall_manager"),
            "county": run.env.ref("fallmanagement.group_fall_county"),
        }
        planned = []  # (key, role, login)
        for key in ("alra", "aia"):
            login = data.COMPANIES[key]["login"]
            planned.append((key, "lead", f"gen.{login}.leitung"))
            for number in range(1, self._user_count(run, key) + 1):
                planned.append((key, "counsellor", f"gen.{login}.berater.{number:03d}"))
        for number in range(1, 3 + run.clients // 10000 + 1):
            planned.append(("county", "county", f"gen.landkreis.{number:03d}"))
        Users = run.env["res.users"].with_context(active_test=False)
        existing = {
            user.login: user.id
            for user in Users.search([("login", "in", [p[2] for p in planned])])
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
        new_ids = self._create(run, Users, vals_list, batch_size=500)
        if run.password and new_ids:
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
            if reason == "job":
                before = rng.randint(90, 190)
                case["job_start"] = (
                    case["closed"] - timedelta(days=before)
                    if duration > before + 14
                    else opened + timedelta(days=duration // 2)
                )
                case["job_kind"] = pick(
                    rng, {"insured": 60, "minijob": 25, "apprenticeship": 15}
                )
            elif reason == "measure":
                case["job_start"] = case["closed"]
                case["job_kind"] = "measure"
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
            case["job_kind"] = pick(
                rng, {"insured": 60, "minijob": 25, "apprenticeship": 15}
            )
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
        if case["job_kind"] in ("insured", "minijob", "apprenticeship"):
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
        progress_by_stage = {
            "intake": 0.03,
            "assessment": 0.1,
            "planning": 0.25,
            "monitoring": 0.45,
            "aftercare": 0.7,
        }
        vals_list = []
        for case in run.case_rows:
            client = case["client"]
            weights = {
                code: weight
                for code, weight in BARRIER_WEIGHTS.items()
                if code in types
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
            if case["stage"] == "closed":
                progress = 0.7 if case["reason"] in ("job", "measure") else 0.3
            else:
                progress = progress_by_stage[case["stage"]]
            case["barriers"] = []
            for code in codes:
                intake = int(pick(rng, {"1": 20, "2": 45, "3": 35}))
                current = intake
                if rng.random() < progress:
                    current = intake - rng.randint(1, intake)
                elif intake < 3 and rng.random() < 0.05:
                    current = intake + 1
                since = case["opened"] - timedelta(days=rng.randint(60, 2500))
                resolved = False
                if current == 0:
                    resolved = between(
                        rng,
                        min(
                            case["opened"] + timedelta(days=30),
                            self._case_end(run, case),
                        ),
                        self._case_end(run, case),
                    )
                row = {"case": case, "code": code, "sensitive": types[code][1]}
                case["barriers"].append(row)
                run.barrier_rows.append(row)
                vals_list.append(
                    {
                        "case_id": case["id"],
                        "barrier_type_id": types[code][0],
                        "severity_intake": str(intake),
                        "severity_current": str(current),
                        "since_date": since,
                        "resolved_date": resolved,
                    }
                )
        ids = self._create(run, run.env["fall.case.barrier"], vals_list)
        for row, barrier_id in zip(run.barrier_rows, ids, strict=True):
            row["id"] = barrier_id

    def _generate_network(self, run):
        """Network partners, consents (for partners and the county), referrals."""
        run.categories = {
            c.code: c.id for c in run.env["fall.data.category"].search([])
        }
        self._generate_network_partners(run)
        self._generate_county_consents(run)
        self._generate_referrals(run)

    def _generate_network_partners(self, run):
        rng = run.rng("network")
        types = {
            t.code: t.id
            for t in run.env["fall.partner.type"].search([("code", "!=", False)])
        }
        per_type = max(2, round(run.clients / 4000))
        existing = {
            p.name: p
            for p in run.env["res.partner"].search(
                [("fall_partner_type_id", "!=", False), ("parent_id", "=", False)]
            )
        }
        planned = []  # (code, name, vals)
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
                            "email": f"{slug(first)[0]}.{slug(last)}@"
                            f"{slug(name)}.example",
                        }
                    )
            elif name in existing:
                run.partner_contacts[partner_id] = existing[name].child_ids.ids
        contact_ids = self._create(run, run.env["res.partner"], contacts)
        for vals, contact_id in zip(contacts, contact_ids, strict=True):
            run.partner_contacts[vals["parent_id"]].append(contact_id)

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
                    "recipient_kind": "county",
                    "purpose": data.CONSENT_PURPOSES["county"],
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
            return pick(rng, {"done": 55, "failed": 25, "rejected": 10, "prepared": 3})
        elapsed = (run.today - requested).days
        if elapsed < 10:
            return pick(rng, {"prepared": 25, "requested": 55, "appointment": 20})
        if elapsed < 45:
            return pick(
                rng,
                {
                    "requested": 15,
                    "appointment": 30,
                    "in_care": 40,
                    "failed": 10,
                    "rejected": 5,
                },
            )
        return pick(rng, {"in_care": 25, "done": 45, "failed": 20, "rejected": 10})

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
                partner_id = rng.choice(run.partners[type_code])
                end = self._case_end(run, case)
                requested = min(
                    case["opened"] + timedelta(days=rng.randint(7, 150)), end
                )
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
                if state != "prepared":
                    vals["requested_date"] = requested
                low, high = data.WAITING_DAYS[type_code]
                appointment = requested + timedelta(days=rng.randint(low, high))
                if state in ("in_care", "done") or (
                    state == "failed" and rng.random() < 0.5
                ):
                    appointment = min(appointment, run.today)
                    vals["first_appointment_date"] = appointment
                elif state == "appointment":
                    vals["first_appointment_date"] = appointment
                if state in ("in_care", "done", "rejected", "failed"):
                    reported = vals.get("first_appointment_date") or requested
                    vals["feedback_date"] = min(
                        reported + timedelta(days=rng.randint(0, 60)), run.today
                    )
                    vals["feedback"] = (
                        "Derzeit kein Platz frei."
                        if state == "rejected"
                        else rng.choice(data.REFERRAL_FEEDBACK)
                    )
                if state == "failed":
                    vals["failure_reason"] = rng.choice(data.REFERRAL_FAILURES)
                referrals.append(vals)
                consent = self._referral_consent(
                    run, rng, case, requested, state, partner_id
                )
                if consent:
                    meta.append((state, case["closed"]))
                    codes = {contact_category, *categories_of[barrier["code"]]}
                    consent["data_category_ids"] = [
                        Command.set(sorted(c for c in codes if c))
                    ]
                    if consent["recipient_kind"] == "partner_type":
                        consent["partner_type_id"] = partner_types[type_code]
                    consents.append(consent)
        consent_ids = self._create(run, run.env["fall.consent"], consents)
        run.consent_ids += consent_ids
        run.referral_ids = self._create(run, run.env["fall.referral"], referrals)
        self._revoke_consents(run, rng, consents, meta, consent_ids)

    def _referral_consent(self, run, rng, case, requested, state, partner_id):
        """The consent a referral in ``state`` rests on (or none)."""
        if state == "prepared" and rng.random() < 0.5:
            return None
        signed = requested - timedelta(days=rng.randint(0, 7))
        if state == "prepared":
            signed = None  # still to be signed
        valid_until = None
        # the referral is checked against the consents valid on the real date
        check_date = max(run.today, fields.Date.context_today(self))
        if signed and rng.random() < 0.5:
            valid_until = signed + timedelta(days=730)
            if state != "failed" and valid_until < check_date:
                valid_until = None
        vals = self._consent_base(
            run, case["client"]["id"], case["user_id"], signed, valid_until
        )
        kind = "partner" if rng.random() < 0.7 else "partner_type"
        vals.update(
            {
                "recipient_kind": kind,
                "recipient_partner_id": partner_id if kind == "partner" else False,
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
            if (
                vals["signed_date"]
                and state in ("done", "failed", "rejected")
                and rng.random() < 0.08
            ):
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
                    state = pick(rng, {"achieved": 55, "partly": 28, "dropped": 17})
                else:
                    state = pick(rng, {"open": 80, "achieved": 14, "partly": 6})
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
                owner = pick(rng, {"client": 50, "counsellor": 35, "partner": 15})
                if owner == "partner" and not partners:
                    owner = "counsellor"
                due = case["opened"] + timedelta(days=rng.randint(14, 300))
                if state in ("achieved", "partly") or (
                    state == "open" and due < run.today and rng.random() < 0.6
                ):
                    step_state = "done"
                elif state == "dropped" or rng.random() < 0.05:
                    step_state = "cancelled"
                else:
                    step_state = "open"
                steps_vals.append(
                    {
                        "goal_id": goal_id,
                        "sequence": sequence * 10,
                        "name": name,
                        "owner": owner,
                        "partner_id": rng.choice(partners)
                        if owner == "partner"
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
                kind = pick(rng, CONTACT_KINDS)
                confidential = rng.random() < 0.07
                if kind in ("home_visit", "accompaniment"):
                    duration = rng.choice([1.0, 1.5, 2.0, 2.5, 3.0])
                elif kind in ("phone", "email"):
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
            kind = pick(rng, MATTER_KINDS)
            authorities = run.authorities.get(kind) or run.authorities.get(
                "citizen_benefit"
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
                vals["matter_type"] = "application"
                submitted = between(rng, case["opened"], end)
                vals["submitted_date"] = submitted
                decided = submitted + timedelta(days=rng.randint(14, 90))
                if decided > run.today or rng.random() < 0.3:
                    vals_list.append(vals)
                    continue
            else:
                vals["matter_type"] = "decision"
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
            return {"objection_state": pick(rng, {"none": 70, "planned": 30})}
        state = pick(
            rng,
            {
                "waived": 55,
                "filed": 12,
                "granted": 10,
                "partly": 8,
                "rejected": 12,
                "withdrawn": 3,
            },
        )
        vals = {"objection_state": state}
        if state != "waived":
            filed = decided + timedelta(days=rng.randint(5, 25))
            vals["objection_filed_date"] = filed
            if state != "filed" and (run.today - filed).days > 30:
                vals["objection_decision_date"] = between(
                    rng, filed + timedelta(days=20), run.today
                )
            elif state != "filed":
                vals["objection_state"] = "filed"
        return vals
