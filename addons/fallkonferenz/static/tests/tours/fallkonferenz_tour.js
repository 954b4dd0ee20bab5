/** @odoo-module **/

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const agenda = ".o_field_widget[name='agenda_item_ids']";

registry.category("web_tour.tours").add("fallkonferenz_plan_and_decide", {
    url: "/odoo/action-fallkonferenz.fall_conference_action",
    steps: () => [
        {
            content: "Plan a new case conference",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Give it a title",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Tour-Fallkonferenz",
        },
        // the date defaults to next week, 09:00
        {
            content: "Set the location",
            trigger: ".o_field_widget[name='location'] input",
            run: "edit Kreishaus Westerstede",
        },
        {
            content: "Add a case to the agenda",
            trigger: `${agenda} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "Choose the case",
            trigger: `${agenda} .o_selected_row .o_field_widget[name='case_id'] input`,
            run: "edit TOUR",
        },
        {
            content: "Pick it in the list",
            trigger: ".ui-menu-item-wrapper:contains('TOUR-')",
            run: "click",
        },
        {
            content: "Ask the conference",
            trigger: `${agenda} .o_selected_row .o_field_widget[name='question'] textarea`,
            run: "edit Maßnahme verlängern?",
        },
        ...stepUtils.saveForm(),
        {
            content: "Open the agenda item to record the result",
            trigger: `${agenda} .o_data_row button[name='action_open_item']`,
            run: "click",
        },
        {
            content: "Enter the discussion result",
            trigger: ".modal .o_field_widget[name='result'] textarea",
            run: "edit Verlängerung um drei Monate befürwortet",
        },
        {
            content: "Enter the decision",
            trigger: ".modal .o_field_widget[name='decision'] textarea",
            run: "edit Antrag auf Verlängerung stellen",
        },
        {
            content: "Agree on a task",
            trigger: ".modal .o_field_widget[name='task_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Describe the task",
            trigger:
                ".modal .o_field_widget[name='task_ids'] .o_selected_row .o_field_widget[name='name'] input",
            run: "edit Verlängerungsantrag vorbereiten",
        },
        {
            content: "Record the decision: the tasks go into the case",
            trigger: ".modal button[name='action_record_decision']",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The agenda shows the result (decided: green badge)",
            trigger: `${agenda} .o_data_row .o_field_widget[name='state'] .text-bg-success`,
        },
    ],
});
