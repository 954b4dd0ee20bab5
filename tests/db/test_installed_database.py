"""Checks on the database the test command just installed and upgraded.

Run by tests/run.sh through pytest-odoo (``--odoo-database``), after the Odoo
test suite: the database has the addons, German and the demo data.
"""

import pytest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


@pytest.fixture(scope="module")
def env():
    registry = Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})
        cr.rollback()


def test_addons_installed(env):
    modules = env["ir.module.module"].search([("name", "like", "fall%")])
    states = dict(modules.mapped(lambda m: (m.name, m.state)))
    assert states.get("fallmanagement") == "installed"
    assert set(states.values()) == {"installed"}


def test_german_loaded(env):
    assert env["res.lang"]._lang_get("de_DE").active
    stage = env.ref("fallmanagement.fall_case_stage_closed")
    assert stage.with_context(lang="de_DE").name == "Abgeschlossen"


def test_every_company_model_has_a_company_rule(env):
    """Association isolation is declared for every model with a company."""
    models = env["ir.model"].search([("model", "=like", "fall.%")])
    for model in models:
        if "company_id" not in env[model.model]._fields or env[model.model]._abstract:
            continue
        if env[model.model]._transient:
            continue
        rules = env["ir.rule"].search(
            [("model_id", "=", model.id), ("global", "=", True)]
        )
        assert any("company_ids" in (r.domain_force or "") for r in rules), model.model


def test_demo_data(env):
    cases = env["fall.case"].search([])
    assert len(cases) >= 20
    assert len(cases.company_id) >= 2
    assert len(cases.stage_id) >= 5


def test_server_hardening_after_upgrade(env):
    """Installed and upgraded: the hardening is still in force (README
    "Server and login")."""
    params = env["ir.config_parameter"]
    assert params.get_param("auth_signup.invitation_scope") == "b2b"
    assert params.get_param("auth_totp.policy") == "employee_required"
    assert int(params.get_param("auth_password_policy.minlength")) >= 12
    assert 0 < int(params.get_param("inactive_session_time_out_delay")) <= 1800
    iap = env.ref("base.module_iap")
    online = iap + iap.downstream_dependencies(exclude_states=("uninstallable",))
    installed = online.filtered(lambda m: m.state not in ("uninstalled",))
    assert not installed.mapped("name")
    assert not env.ref("mail.ir_cron_module_update_notification").active
