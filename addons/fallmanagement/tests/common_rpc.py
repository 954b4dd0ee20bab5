"""JSON-RPC calls as the roles would send them, for ``HttpCase`` tests."""

import json

from odoo.tools import mute_logger

# The German messages of the write guards (issue 10, L1 and L2)
DERIVED = r"ergibt sich aus anderen Daten und kann nicht von Hand gesetzt werden"
FIXED = r"wird beim Anlegen festgelegt und kann danach nicht mehr geändert werden"
MOVING = r"in einen anderen Fall oder zu einer anderen Beratungsstelle verschieben"
CLIENT = r"ist Klient/in mit Fallakten oder Klientendaten"


def password(login):
    """The password ``new_test_user`` gives a user."""
    return login + "x" * (8 - len(login))


class RpcMixin:
    """Calls over JSON-RPC as a logged-in user, in German."""

    def rpc(self, user, model, method, *args, **kwargs):
        """Call ``model.method(*args, **kwargs)`` as ``user``.

        :return: ``(result, error)``; ``error`` is the JSON-RPC error data
        """
        if getattr(self, "_rpc_login", None) != user.login:
            self.authenticate(user.login, password(user.login))
            self._rpc_login = user.login
        kwargs.setdefault("context", {"lang": "de_DE"})
        payload = {
            "id": 0,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        response.raise_for_status()
        body = response.json()
        return body.get("result"), body.get("error", {}).get("data")

    def assertRefused(self, user, model, method, *args, regex, **kwargs):
        """The call is refused with a German message matching ``regex``."""
        result, error = self.rpc(user, model, method, *args, **kwargs)
        self.assertTrue(error, f"{model}.{method}{args} succeeded: {result!r}")
        self.assertIn(
            error["name"],
            (
                "odoo.exceptions.AccessError",
                "odoo.exceptions.UserError",
                "odoo.exceptions.ValidationError",
            ),
            error.get("debug"),
        )
        self.assertRegex(error["message"], regex)
        return error

    def assertAllowed(self, user, model, method, *args, **kwargs):
        result, error = self.rpc(user, model, method, *args, **kwargs)
        self.assertFalse(error, error and error.get("message"))
        return result

    def assertUnreadable(self, user, record):
        """``user`` cannot read ``record`` over RPC."""
        result, _error = self.rpc(
            user, record._name, "search_read", [("id", "=", record.id)], fields=["id"]
        )
        self.assertFalse(result, f"{user.login} reads {record}")
