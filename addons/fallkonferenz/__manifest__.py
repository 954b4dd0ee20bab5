# Copyright 2026 Arbeitsgemeinschaft der Ammerländer Arbeitsloseninitiativen
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Fallkonferenz",
    "summary": "Case conferences of the county and the associations: invitations, "
    "agenda, decisions, minutes",
    "version": "18.0.1.0.0",
    "category": "Services/Fallmanagement",
    "website": "https://github.com/ammerland/fallmanagement",
    "author": "Arbeitsgemeinschaft der Ammerländer Arbeitsloseninitiativen",
    "maintainers": ["ammerland"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": ["fallmanagement", "calendar", "report_xlsx"],
    "external_dependencies": {"python": ["vobject"]},
    "data": [
        "security/ir.model.access.csv",
        "security/ir_rule.xml",
        "data/mail_activity_type_data.xml",
        "report/fall_conference_minutes_report.xml",
        "report/fall_conference_xlsx_report.xml",
        "data/mail_template_data.xml",
        "wizards/fall_conference_proposal_views.xml",
        "views/fall_conference_task_views.xml",
        "views/fall_conference_agenda_item_views.xml",
        "views/fall_conference_minutes_views.xml",
        "views/fall_conference_views.xml",
        "views/fall_case_views.xml",
        "views/fall_goal_views.xml",
        "views/res_config_settings_views.xml",
        "views/fallkonferenz_menus.xml",
    ],
    "demo": [
        "demo/fallkonferenz_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "fallkonferenz/static/tests/tours/*.js",
        ],
    },
}
