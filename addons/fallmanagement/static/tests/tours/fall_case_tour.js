/** @odoo-module **/

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

/**
 * A counsellor opens a case file for a new client and records a barrier.
 */
registry.category("web_tour.tours").add("fallmanagement_case_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Fallmanagement app",
            trigger:
                ".o_app[data-menu-xmlid='fallmanagement.fallmanagement_menu_root']",
            run: "click",
        },
        {
            content: "Create a new case file",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Type the name of the new client",
            trigger: ".o_field_widget[name='client_id'] input",
            run: "edit Tour Klientin",
        },
        {
            content: "Create the client",
            trigger:
                ".o_field_widget[name='client_id'] .o_m2o_dropdown_option_create a",
            run: "click",
        },
        {
            content: "The client is set",
            trigger: ".o_field_widget[name='client_id'] input:value(Tour Klientin)",
        },
        {
            content: "Add a barrier",
            trigger:
                ".o_field_widget[name='barrier_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Type the barrier",
            trigger:
                ".o_field_widget[name='barrier_ids'] .o_selected_row .o_field_widget[name='barrier_type_id'] input",
            run: "edit Tour Barrier",
        },
        {
            content: "Choose the barrier",
            trigger:
                ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a:contains(Tour Barrier)",
            run: "click",
        },
        {
            content: "Save the case file",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The case number is shown",
            trigger: ".o_form_saved .o_field_widget[name='name']:contains(TOUR-)",
        },
        {
            content: "The barrier is saved with the case",
            trigger:
                ".o_form_saved .o_field_widget[name='barrier_ids'] .o_data_row:contains(Tour Barrier)",
        },
    ],
});
