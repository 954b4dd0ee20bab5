import json

from odoo.tools import mute_logger

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


class JsonRpcMixin:
    """Calls over JSON-RPC the way the web client makes them (for HttpCase
    tests), with the answer the user gets: the result or the error shown."""

    # the user context the web client sends with every call
    rpc_context = {"lang": "de_DE", "tz": "Europe/Berlin"}

    def _call_kw(self, model, method, args, kwargs=None):
        """The decoded JSON-RPC answer of ``model.method(*args, **kwargs)``."""
        kwargs = dict(kwargs or {})
        kwargs["context"] = {**self.rpc_context, **kwargs.get("context", {})}
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 0,
            "params": {
                "model": model,
                "method": method,
                "args": args,
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
