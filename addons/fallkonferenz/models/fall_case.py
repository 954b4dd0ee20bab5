from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.fallmanagement.tools.settings import get_int_setting

DEFAULT_STALLED_WEEKS = 8

CONFERENCE_REASONS = [
    ("question", "Question to the Conference"),
    ("closure", "Planned Closure"),
    ("stalled", "No Progress"),
    ("other", "Other"),
]


class FallCase(models.Model):
    _inherit = "fall.case"

    fall_conference_flag = fields.Boolean(
        string="For Case Conference",
        tracking=True,
        copy=False,
        help="Propose this case for the next case conference.",
    )
    fall_conference_reason = fields.Selection(
        CONFERENCE_REASONS, string="Reason for the Conference", copy=False
    )
    fall_conference_question = fields.Text(
        string="Question to the Conference",
        copy=False,
        help="Shown to the participants of the conference: no details beyond "
        "what the question needs.",
    )
    fall_conference_item_ids = fields.One2many(
        "fall.conference.agenda.item", "case_id", string="Conference Agenda Items"
    )

    @api.model
    def _fall_stalled_weeks(self):
        """Weeks without progress after which an open case is proposed."""
        return get_int_setting(
            self.env, "fallkonferenz.stalled_weeks", DEFAULT_STALLED_WEEKS, minimum=1
        )

    @api.model
    def _fall_conference_candidates(self, conference):
        """Cases the current user may propose for ``conference``, with reasons.

        Searched with the user's access rights, so a counsellor only gets
        cases of their own association. The number of queries does not depend
        on the number of cases.

        :return: list of ``(case, reasons)``, ``reasons`` being a list of
            ``(code, label)``
        """
        conference_date = conference._get_local_start().date()
        weeks = self._fall_stalled_weeks()
        stalled_limit = fields.Datetime.now() - timedelta(weeks=weeks)
        previous = self.env["fall.conference"].search(
            [
                ("start", "<", conference.start),
                ("state", "!=", "cancelled"),
                ("id", "!=", conference.id),
            ],
            order="start desc",
            limit=1,
        )
        since = (
            previous._get_local_start().date()
            if previous
            else conference_date - relativedelta(months=1)
        )
        closure_limit = conference_date + relativedelta(months=1)
        on_agenda = self.env["fall.conference.agenda.item"].search(
            [("conference_id", "=", conference.id)]
        )
        cases = self.search(
            [
                ("is_closed", "=", False),
                ("id", "not in", on_agenda.case_id.ids),
                "|",
                "|",
                "|",
                "|",
                ("fall_conference_flag", "=", True),
                ("assignment_date", ">", since),
                ("is_review_due", "=", True),
                ("write_date", "<", stalled_limit),
                ("follow_up_end_date", "<=", closure_limit),
            ],
            order="name",
        )
        progressing = cases._fall_recently_changed(stalled_limit)
        labels = {
            "flagged": self.env._("Flagged by the counsellor"),
            "new": self.env._("New assignment since the last conference"),
            "review": self.env._("Review overdue"),
            "stalled": self.env._("No progress for %(weeks)s weeks", weeks=weeks),
            "closure": self.env._("Planned closure"),
        }
        result = []
        for case in cases:
            codes = []
            if case.fall_conference_flag:
                codes.append("flagged")
            if case.assignment_date and case.assignment_date > since:
                codes.append("new")
            if case.is_review_due:
                codes.append("review")
            if case.write_date < stalled_limit and case.id not in progressing:
                codes.append("stalled")
            if case.fall_conference_reason == "closure" or (
                case.follow_up_end_date and case.follow_up_end_date <= closure_limit
            ):
                codes.append("closure")
            if codes:
                result.append((case, [(code, labels[code]) for code in codes]))
        return result

    def _fall_recently_changed(self, limit):
        """Ids of the cases with a contact, plan step or barrier changed since."""
        changed = set()
        if not self:
            return changed
        for model in ("fall.contact", "fall.goal.step", "fall.case.barrier"):
            # sudo: only the dates of changes are compared, nothing is shown;
            # confidential contacts and sensitive barriers count as progress.
            groups = (
                self.env[model]
                .sudo()
                ._read_group(
                    [("case_id", "in", self.ids), ("write_date", ">=", limit)],
                    ["case_id"],
                    ["__count"],
                )
            )
            changed.update(case.id for case, _count in groups)
        return changed
