# Copyright 2026 Arbeitsgemeinschaft der Ammerländer Arbeitsloseninitiativen
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Fallmanagement Test Data",
    "summary": "Fictional case management data at scale, for tests and "
    "benchmarks (command fall_generate)",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "website": "https://github.com/ammerland/fallmanagement",
    "author": "Arbeitsgemeinschaft der Ammerländer Arbeitsloseninitiativen",
    "maintainers": ["ammerland"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "installable": True,
    "depends": ["fallmanagement"],
}
