"""What the steps of one generator run share, and the random helpers.

Kept apart from the model so that addons adding steps (``fallkonferenz_testdata``)
import plain helpers, not a models module.
"""

import base64
import random
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import timedelta
from types import SimpleNamespace

# The generated history reaches this far back from the reference date.
HISTORY_DAYS = 3 * 365


def selection_values(selection):
    """The values of a selection of the product, as attributes.

    ``selection_values(REFERRAL_STATES).done == "done"``: the generator names
    states and kinds through the product's own lists, so a value the product
    renames or drops fails at import (or in the tests), not silently in the
    data.
    """
    return SimpleNamespace(**{value: value for value, _label in selection})


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
