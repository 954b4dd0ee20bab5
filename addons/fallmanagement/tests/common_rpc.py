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


class CallKwMixin:
    """The one JSON-RPC call to ``/web/dataset/call_kw`` behind the mixins
    below, as the current session (for ``HttpCase`` tests)."""

    def _post_call_kw(self, model, method, args, kwargs):
        """The decoded JSON-RPC answer of ``model.method(*args, **kwargs)``."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 0,
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        }
        # refused calls are logged as warnings by odoo.http
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        self.assertEqual(response.status_code, 200, f"{model}.{method}: HTTP error")
        return response.json()

    def _call_kw_result(self, model, method, *args, **kwargs):
        """Call ``model.method(*args, **kwargs)`` as the current session.

        :return: ``(result, error)``; ``error`` is the JSON-RPC error data
            (as the web client receives it) or ``None``
        """
        answer = self._post_call_kw(model, method, args, kwargs)
        return answer.get("result"), answer.get("error", {}).get("data")


class RpcMixin(CallKwMixin):
    """Calls over JSON-RPC as a logged-in user, in German."""

    def rpc(self, user, model, method, *args, **kwargs):
        """Call ``model.method(*args, **kwargs)`` as ``user``.

        :return: ``(result, error)``; ``error`` is the JSON-RPC error data
        """
        if getattr(self, "_rpc_login", None) != user.login:
            self.authenticate(user.login, password(user.login))
            self._rpc_login = user.login
        kwargs.setdefault("context", {"lang": "de_DE"})
        return self._call_kw_result(model, method, *args, **kwargs)

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


# What must never reach a user in the message of a refused call
TECHNICAL_TERMS = (
    "psycopg2",
    "SQL",
    "Traceback",
    "ValueError",
    "KeyError",
    "TypeError",
    "Wrong value",
    "index row",
    "out of range",
)


class JsonRpcMixin(CallKwMixin):
    """Calls over JSON-RPC the way the web client makes them (for HttpCase
    tests), with the answer the user gets: the result or the error shown."""

    # the user context the web client sends with every call
    rpc_context = {"lang": "de_DE", "tz": "Europe/Berlin"}

    def _call_kw(self, model, method, args, kwargs=None):
        """The decoded JSON-RPC answer of ``model.method(*args, **kwargs)``."""
        kwargs = dict(kwargs or {})
        kwargs["context"] = {**self.rpc_context, **kwargs.get("context", {})}
        return self._post_call_kw(model, method, args, kwargs)

    def assertRpcRefused(self, model, method, args, kwargs=None, message=None):
        """Assert that the call is refused with a user error (no technical
        error, no SQL) whose message matches the regex ``message``; return
        the message."""
        answer = self._call_kw(model, method, args, kwargs)
        self.assertIn("error", answer, f"{model}.{method} was accepted")
        data = answer["error"]["data"]
        self.assertIn(
            data["name"],
            (
                "odoo.exceptions.ValidationError",
                "odoo.exceptions.UserError",
                "odoo.exceptions.AccessError",
            ),
            f"{model}.{method}: not a user error: {data['message'][:300]}",
        )
        for term in TECHNICAL_TERMS:
            self.assertNotIn(term, data["message"])
        if message:
            self.assertRegex(data["message"], message)
        return data["message"]
