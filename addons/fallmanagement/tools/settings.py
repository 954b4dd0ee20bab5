"""Reading the addons' integer settings (ir.config_parameter)."""

import logging

_logger = logging.getLogger(__name__)


def get_int_setting(env, key, default, minimum=0):
    """The whole number configured under ``key``.

    An empty, unreadable or too small value gives ``default``: a setting that
    somebody mistyped must never switch a reminder, a suppression or an
    access window off by accident.
    """
    # sudo: the settings are not secret; counsellors and county staff may not
    # read ir.config_parameter themselves, and only this key is returned.
    value = env["ir.config_parameter"].sudo().get_param(key)
    if value in (None, False, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        _logger.info(
            "Invalid value %r for %s: using the default %s", value, key, default
        )
        return default
    return number if number >= minimum else default
