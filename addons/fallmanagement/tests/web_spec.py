"""The field specification the web client sends to ``web_read`` for a view.

Built from the view's arch the way the web client does: every field of the
view and the fields its widgets depend on, many2one fields with their display
name, x2many fields with the fields of their inline list (and the display
name of related records in it).
Used by the query-count tests and the benchmarks in ``bench/``: they measure
what the web client really asks for.
"""

from lxml import etree

# Fields a widget makes the web client read besides its own (its
# ``fieldDependencies`` in JavaScript).
ACTIVITY_FIELDS = (
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_state",
    "activity_summary",
    "activity_type_icon",
    "activity_type_id",
)
WIDGET_DEPENDENCIES = {
    "list_activity": ACTIVITY_FIELDS,
    "kanban_activity": ACTIVITY_FIELDS,
}


def _field_spec(model, node):
    field = model._fields.get(node.get("name"))
    if field is None:
        return None
    if field.type == "many2one":
        return {"fields": {"display_name": {}}}
    if field.type in ("one2many", "many2many"):
        comodel = model.env[field.comodel_name]
        sub_view = node.find("list")
        if sub_view is None:
            sub_view = node.find("kanban")
        if sub_view is None:
            return {"fields": {"display_name": {}}}
        return {"fields": _collect(comodel, sub_view), "limit": 40}
    return {}


def _collect(model, arch):
    spec = {}
    for node in arch.iter("field"):
        # only fields of this level: skip fields nested in an x2many subview
        parent = node.getparent()
        nested = False
        while parent is not None and parent is not arch:
            if parent.tag == "field":
                nested = True
                break
            parent = parent.getparent()
        if nested:
            continue
        sub = _field_spec(model, node)
        if sub is not None:
            spec[node.get("name")] = sub
        for dependency in WIDGET_DEPENDENCIES.get(node.get("widget"), ()):
            if dependency in model._fields and dependency not in spec:
                spec[dependency] = _field_spec(
                    model, etree.Element("field", name=dependency)
                )
    return spec


def view_specification(model, view_type="form"):
    """Specification of ``model``'s default ``view_type`` view (with inheritance)."""
    views = model.get_views([(False, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    return _collect(model, arch)
