# Copyright 2026 Arbeitsgemeinschaft der Ammerländer Arbeitsloseninitiativen
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Fallmanagement",
    "summary": "Case files for the case management of long-term unemployed clients",
    "version": "18.0.1.0.0",
    "category": "Services/Fallmanagement",
    "website": "https://github.com/ammerland/fallmanagement",
    "author": "Arbeitsgemeinschaft der Ammerländer Arbeitsloseninitiativen",
    "maintainers": ["ammerland"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": ["base", "mail", "contacts"],
    "data": [
        "security/fallmanagement_security.xml",
        "security/ir.model.access.csv",
        "security/ir_rule.xml",
        "data/fall_case_stage_data.xml",
        "data/fall_barrier_type_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "report/fall_case_plan_report.xml",
        "views/fall_case_stage_views.xml",
        "views/fall_barrier_type_views.xml",
        "views/fall_case_barrier_views.xml",
        "views/fall_goal_views.xml",
        "views/fall_contact_views.xml",
        "views/fall_case_views.xml",
        "views/res_partner_views.xml",
        "views/res_company_views.xml",
        "views/fallmanagement_menus.xml",
    ],
    "demo": [
        "demo/fallmanagement_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "fallmanagement/static/tests/tours/*.js",
        ],
    },
}
