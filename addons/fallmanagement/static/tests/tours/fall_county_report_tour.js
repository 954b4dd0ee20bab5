/** @odoo-module **/

import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

async function exportLogged() {
    // The download runs after the button's call: wait for its log entry.
    for (let attempt = 0; attempt < 50; attempt++) {
        const count = await rpc("/web/dataset/call_kw/fall.report.export/search_count", {
            model: "fall.report.export",
            method: "search_count",
            args: [[]],
            kwargs: {},
        });
        if (count) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("The export was not logged: the download failed.");
}

/**
 * The head of an association exports the internal Excel report of the
 * quarter from the wizard (the download runs through report_xlsx).
 */
registry.category("web_tour.tours").add("fallmanagement_county_report_tour", {
    url: "/odoo/action-fallmanagement.fall_county_report_action",
    steps: () => [
        {
            content: "The wizard offers the county as recipient first",
            trigger:
                ".modal .o_field_widget[name='recipient'] input[data-value='county']:checked",
        },
        {
            content: "The small-cell threshold is shown for the county",
            trigger: ".modal .o_field_widget[name='min_cell']",
        },
        {
            content: "Choose the internal workbook",
            trigger: ".modal .o_field_widget[name='recipient'] input[data-value='internal']",
            run: "click",
        },
        {
            content: "No suppression for internal use",
            trigger: ".modal:not(:has(.o_field_widget[name='min_cell']))",
        },
        {
            content: "Export",
            trigger: ".modal button[name='action_export_xlsx']",
            run: "click",
        },
        {
            content: "The workbook is downloaded and the export logged",
            trigger: ".modal button[name='action_export_xlsx']",
            run: exportLogged,
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
