import logging
import optparse
import sys
import threading
import time
from pathlib import Path

import psycopg2

import odoo
from odoo.cli import Command
from odoo.modules.registry import Registry
from odoo.tools import SQL, config

from ..models.fall_data_generator import SCALES

DEFAULT_CLIENTS = 1000
MODULE = "fallmanagement_testdata"

_logger = logging.getLogger(__name__)


class FallGenerate(Command):
    """Fill a database with fictional case management test data"""

    name = "fall_generate"

    def run(self, cmdargs):
        """Parse the server options and ours, generate, print the counts."""
        opt = self._parse_options(cmdargs)
        if opt.fall_clients and opt.fall_scale:
            sys.exit("Give either --clients or --scale, not both.")
        clients = opt.fall_clients or SCALES.get(opt.fall_scale) or DEFAULT_CLIENTS
        dbname = config["db_name"]
        if not dbname or "," in dbname:
            sys.exit("Give the database with -d DATABASE.")
        registry = self._generator_registry(dbname)
        threading.current_thread().dbname = dbname  # for the log lines
        started = time.monotonic()
        with registry.cursor() as cr:
            env = self._env(cr)
            counts = env["fall.data.generator"].generate(
                clients=clients,
                seed=opt.fall_seed,
                today=opt.fall_today or None,
                commit=True,
                password=opt.fall_password or None,
            )
            # Fresh planner statistics for the tables just filled, as after a
            # data migration (autovacuum would take its time).
            for model in sorted(counts):
                env.cr.execute(SQL("ANALYZE %s", SQL.identifier(env[model]._table)))
            # the cursor commits when the block ends
            elapsed = time.monotonic() - started
            lines = [f"{model}: {count}" for model, count in sorted(counts.items())]
            lines.append(
                env._(
                    "%(clients)s clients generated in %(seconds).1f s.",
                    clients=clients,
                    seconds=elapsed,
                )
            )
        sys.stdout.write("\n".join(lines) + "\n")

    def _parse_options(self, cmdargs):
        """The server options and those of the generator."""
        parser = config.parser
        parser.prog = f"{Path(sys.argv[0]).name} {self.name}"
        group = optparse.OptionGroup(parser, "Fallmanagement test data")
        group.add_option(
            "--clients",
            dest="fall_clients",
            type="int",
            help=f"number of clients to generate (default {DEFAULT_CLIENTS})",
        )
        group.add_option(
            "--scale",
            dest="fall_scale",
            type="choice",
            choices=list(SCALES),
            help="number of clients as a scale: " + ", ".join(SCALES),
        )
        group.add_option(
            "--seed",
            dest="fall_seed",
            type="int",
            default=1,
            help="seed of the random generator (default 1): the same seed "
            "gives the same data on a fresh database",
        )
        group.add_option(
            "--today",
            dest="fall_today",
            help="reference date YYYY-MM-DD (default: today), not in the future",
        )
        group.add_option(
            "--user-password",
            dest="fall_password",
            help="password of the generated users (default: none, they cannot log in)",
        )
        parser.add_option_group(group)
        return config.parse_config(cmdargs, setup_logging=True)

    def _env(self, cr):
        """Superuser environment in the language of the administrator."""
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin", raise_if_not_found=False)
        return env(context={"lang": admin.lang if admin else None})

    def _generator_registry(self, dbname):
        """The registry of ``dbname``, with this addon installed if need be.

        The generator lives in its own addon, out of the product: on a
        database with ``fallmanagement`` only, the command installs it (and
        with it ``fallkonferenz_testdata`` where ``fallkonferenz`` is), so
        that the documented command line keeps working.
        """
        try:
            registry = Registry(dbname)
        except psycopg2.OperationalError as error:
            sys.exit(f"Cannot open the database {dbname}: {error}")
        if "fall.data.generator" in registry:
            return registry
        with registry.cursor() as cr:
            env = self._env(cr)
            if "fall.case" not in env:
                sys.exit(
                    env._(
                        "The module Fallmanagement is not installed in the "
                        "database %(db)s: install it first.",
                        db=dbname,
                    )
                )
            _logger.info("Installing the module %s into %s", MODULE, dbname)
            Module = env["ir.module.module"]
            Module.update_list()
            Module.search([("name", "=", MODULE)]).button_immediate_install()
        return Registry(dbname)
