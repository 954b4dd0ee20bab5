from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import models
from odoo.fields import Command

from odoo.addons.fallkonferenz.models.fall_case import CONFERENCE_REASONS
from odoo.addons.fallkonferenz.models.fall_conference import CONFERENCE_TZ
from odoo.addons.fallkonferenz.models.fall_conference_agenda_item import ITEM_STATES
from odoo.addons.fallkonferenz.models.fall_conference_task import (
    TASK_KINDS,
    TASK_STATES,
)
from odoo.addons.fallmanagement.models.fall_goal_step import STEP_OWNERS, STEP_STATES
from odoo.addons.fallmanagement_testdata.tools import generator_data as data
from odoo.addons.fallmanagement_testdata.tools.generator_run import (
    pick,
    selection_values,
)

# Share of an association's open cases on the agenda of its monthly conference.
AGENDA_SHARE = 0.03
# Weekday (Monday = 0) and week of the month of each association's conference.
CONFERENCE_DAYS = {"alra": (1, 2), "aia": (3, 2)}
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
# The product's states and kinds (see selection_values()).
ITEM = selection_values(ITEM_STATES)
TASK_KIND = selection_values(TASK_KINDS)
TASK_STATE = selection_values(TASK_STATES)
REASON = selection_values(CONFERENCE_REASONS)
STEP = selection_values(STEP_STATES)
OWNER = selection_values(STEP_OWNERS)
ITEM_RESULTS = {ITEM.decided: 60, ITEM.noted: 25, ITEM.postponed: 15}


def nth_weekday(year, month, weekday, nth):
    """The ``nth`` ``weekday`` (Monday = 0) of the month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


class FallDataGenerator(models.AbstractModel):
    _inherit = "fall.data.generator"

    def _generation_steps(self):
        """Case conferences come last: they put existing cases on the agenda."""
        return [*super()._generation_steps(), "_generate_conferences"]

    def _generate_conferences(self, run):
        """Monthly conferences of each association with the county.

        Over the whole period and one month ahead; the calendar events come
        from the conference itself (no invitations are sent). About 3 % of the
        association's open cases are on each agenda; the past conferences are
        held, with results, decisions, tasks and sent minutes.
        """
        rng = run.rng("conferences")
        planned = self._planned_conferences(run)
        vals_list = [
            self._conference_values(run, rng, key, day) for key, day in planned
        ]
        conference_ids = self._create(run, run.env["fall.conference"], vals_list)
        run.conference_ids = conference_ids
        run.counts["calendar.event"] += len(conference_ids)
        goals_by_case = defaultdict(list)
        for goal in run.goal_rows:
            goals_by_case[goal["case"]["id"]].append(goal["id"])
        items, item_meta = self._agenda_item_values(run, rng, conference_ids, planned)
        item_ids = self._create(run, run.env["fall.conference.agenda.item"], items)
        organisers = {
            conference_id: vals["user_id"]
            for conference_id, vals in zip(conference_ids, vals_list, strict=True)
        }
        self._generate_conference_tasks(
            run, rng, items, item_meta, item_ids, goals_by_case, organisers
        )
        self._close_conferences(run, conference_ids, planned)
        self._flag_cases_for_conference(run, rng)

    def _planned_conferences(self, run):
        """``(association key, day)`` of every conference, month by month."""
        month = run.start.replace(day=1) + relativedelta(months=1)
        last = run.today.replace(day=1) + relativedelta(months=1)
        planned = []
        while month <= last:
            for key, (weekday, nth) in CONFERENCE_DAYS.items():
                planned.append(
                    (key, nth_weekday(month.year, month.month, weekday, nth))
                )
            month += relativedelta(months=1)
        return planned

    def _conference_values(self, run, rng, key, day):
        """The conference of association ``key`` on ``day``, 9 o'clock."""
        tz = pytz.timezone(CONFERENCE_TZ)
        counsellors = run.counsellors[key]
        participants = rng.sample(counsellors, min(4, len(counsellors)))
        participants.append(run.leads[key])
        organiser = rng.choice(run.county_users)
        start = tz.localize(datetime.combine(day, time(9, 0)))
        vals = {
            "name": f"Fallkonferenz {data.COMPANIES[key]['prefix']} "
            f"{MONTHS[day.month - 1]} {day.year}",
            "organiser_company_id": run.companies["county"],
            "user_id": organiser,
            "start": start.astimezone(pytz.utc).replace(tzinfo=None),
            "duration": 2.0,
            "location": "Kreishaus Westerstede, Raum 2.14",
            "participant_user_ids": [Command.set(participants)],
            "association_ids": [Command.set([run.companies[key]])],
        }
        if day < run.today:
            vals["minutes_note"] = (
                Markup(
                    "<p>Anwesend: Landkreis (Moderation) und die Beratung "
                    "der %s.</p><p>Allgemeines: keine weiteren Themen.</p>"
                )
                % data.COMPANIES[key]["name"]
            )
        return vals

    def _agenda_item_values(self, run, rng, conference_ids, planned):
        """About 3 % of the open cases on each agenda; results in the past.

        :return: the values of the items and ``(conference day, case)`` of each
        """
        cases_by_key = defaultdict(list)
        for case in run.case_rows:
            cases_by_key[case["key"]].append(case)
        items = []
        item_meta = []
        for conference_id, (key, day) in zip(conference_ids, planned, strict=True):
            open_cases = [
                case
                for case in cases_by_key[key]
                if case["opened"] <= day
                and not (case["closed"] and case["closed"] <= day)
            ]
            count = min(len(open_cases), max(1, round(AGENDA_SHARE * len(open_cases))))
            for sequence, case in enumerate(rng.sample(open_cases, count), 1):
                vals = {
                    "conference_id": conference_id,
                    "case_id": case["id"],
                    "sequence": sequence * 10,
                    "duration": 0.25,
                    "question": rng.choice(data.CONFERENCE_QUESTIONS),
                    "proposal_reason": rng.choice(data.PROPOSAL_REASONS),
                }
                if day < run.today:
                    vals.update(self._agenda_item_result(rng, day))
                items.append(vals)
                item_meta.append((day, case))
        return items, item_meta

    def _agenda_item_result(self, rng, day):
        """Result (and decision) of an item discussed on ``day``."""
        state = pick(rng, ITEM_RESULTS)
        vals = {
            "state": state,
            "result": rng.choice(data.CONFERENCE_RESULTS),
            "decision_date": datetime.combine(day, time(10, 0)),
        }
        if state == ITEM.decided:
            vals["decision"] = rng.choice(data.CONFERENCE_DECISIONS)
        return vals

    def _generate_conference_tasks(
        self, run, rng, items, item_meta, item_ids, goals_by_case, organisers
    ):
        """Tasks of the decisions: done in the past, open ones in the case.

        Tasks for the county go to the conference's organiser: the owner of
        a task must be able to read the agenda item it lands on.
        """
        tasks = []
        for vals, (day, case), item_id in zip(items, item_meta, item_ids, strict=True):
            if vals.get("state") != ITEM.decided:
                continue
            for _index in range(rng.randint(1, 2)):
                to_county = rng.random() < 0.3
                goals = goals_by_case.get(case["id"])
                kind = (
                    TASK_KIND.step
                    if goals and not to_county and rng.random() < 0.4
                    else TASK_KIND.activity
                )
                deadline = day + timedelta(days=rng.randint(7, 42))
                name = rng.choice(data.CONFERENCE_TASKS)
                if to_county:
                    # drawn as before, so that the rest of the data stays the
                    # same; the task goes to the organiser, the county user
                    # who can read the agenda item
                    rng.choice(run.county_users)
                tasks.append(
                    {
                        "item_id": item_id,
                        "name": name,
                        "user_id": organisers[vals["conference_id"]]
                        if to_county
                        else case["user_id"],
                        "date_deadline": deadline,
                        "kind": kind,
                        "goal_id": rng.choice(goals)
                        if kind == TASK_KIND.step
                        else False,
                        # what fell due before today has been done and is
                        # history; the rest is created in the case below
                        "state": TASK_STATE.created
                        if deadline < run.today
                        else TASK_STATE.draft,
                    }
                )
        task_ids = self._create(run, run.env["fall.conference.task"], tasks)
        Task = run.env["fall.conference.task"]
        done_steps = [
            (task_id, vals)
            for task_id, vals in zip(task_ids, tasks, strict=True)
            if vals["state"] == TASK_STATE.created and vals["kind"] == TASK_KIND.step
        ]
        step_ids = self._create(
            run,
            run.env["fall.goal.step"],
            [
                {
                    "goal_id": vals["goal_id"],
                    "name": vals["name"],
                    "owner": OWNER.counsellor,
                    "due_date": vals["date_deadline"],
                    "state": STEP.done,
                    "fall_conference_task_id": task_id,
                }
                for task_id, vals in done_steps
            ],
        )
        for (task_id, _vals), step_id in zip(done_steps, step_ids, strict=True):
            Task.browse(task_id).step_id = step_id
        open_tasks = Task.browse(
            [
                task_id
                for task_id, vals in zip(task_ids, tasks, strict=True)
                if vals["state"] == TASK_STATE.draft
            ]
        )
        open_tasks._create_in_case()
        self._end_batch(run)

    def _close_conferences(self, run, conference_ids, planned):
        """The past conferences were held; minutes went out after two weeks."""
        Conference = run.env["fall.conference"]
        past = Conference.browse(
            [
                conference_id
                for conference_id, (_key, day) in zip(
                    conference_ids, planned, strict=True
                )
                if day < run.today
            ]
        )
        past.action_done()
        sent = past.filtered(lambda c: c.start.date() < run.today - timedelta(days=14))
        for conference in sent:
            # sudo: the minutes come back without the superuser flag of the
            # run (see _prepare_minutes), and only administrators generate
            # (see _check_generator_access); sent_date is set as if sent.
            minutes = conference._prepare_minutes().sudo()
            minutes.sent_date = conference.stop + timedelta(days=3)
            run.counts["fall.conference.minutes"] += len(minutes)
        sent._update_minutes_state()
        self._end_batch(run)

    def _flag_cases_for_conference(self, run, rng):
        """A few open cases are proposed for the next conference."""
        by_question = defaultdict(list)
        for case in run.case_rows:
            if not case["closed"] and rng.random() < 0.01:
                by_question[rng.choice(data.CONFERENCE_QUESTIONS)].append(case["id"])
        Case = run.env["fall.case"]
        for question, ids in sorted(by_question.items()):
            Case.browse(ids).write(
                {
                    "fall_conference_flag": True,
                    "fall_conference_reason": REASON.question,
                    "fall_conference_question": question,
                }
            )
        self._end_batch(run)
