"""The room contract of import-linter (``make lint``): across rooms, only a room's public faces are importable.

An app (``core``, ``themes``, ``participation``, ``trajectories`` and every plugin) is made of *rooms*: one package
per sub-feature (``participation/pushmail/``, ``trajectories/agenda/`` …). A room's public faces are its
``services`` (every write), ``selectors`` (every read that crosses a permission boundary), ``policies`` (who may
act) and ``models`` (the schema other rooms point their foreign keys and querysets at); its views, forms, urls,
hooks, templates tags and helpers are its own business. Outside a room, code imports only those faces, plus the
app-level modules that are not rooms (``<app>.access``, the one visibility definition, and small shared pieces
such as ``core.request_cache``).

Exceptions, by importer: each app's wiring modules gather its rooms for Django and Wagtail and may import any
part of them — ``<app>.wagtail_hooks`` (each room's ``hooks``), ``<app>.urls`` (each room's ``urls``),
``<app>.models`` (each room's ``models``, for Django's app registry) and ``<app>.apps``.

Used from ``pyproject.toml``::

    [tool.importlinter]
    contract_types = ["rooms: config.import_contracts.RoomsContract"]

    [[tool.importlinter.contracts]]
    name = "across rooms, only services, selectors, policies and models"
    type = "rooms"
    apps = ["core", "participation", "trajectories"]

This module is read by the linter only; the site never imports it.
"""

from importlinter import Contract, ContractCheck, fields, output

# Sub-packages of an app that are not rooms: Django's and the project's own conventions.
NOT_ROOMS = {"migrations", "management", "templatetags", "templates", "static", "locale", "tests"}


class RoomsContract(Contract):
    """Imports into a room from outside it reach only the room's public modules (see the module docstring)."""

    type_name = "rooms"

    apps = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField(), required=False)
    wiring = fields.ListField(subfield=fields.StringField(), required=False)

    def _public(self):
        return set(self.public or ["services", "selectors", "policies", "models"])

    def _wiring(self):
        return set(self.wiring or ["wagtail_hooks", "urls", "models", "apps"])

    def rooms(self, graph):
        """The rooms of every app: its direct sub-packages that hold modules, minus Django's folders."""
        found = set()
        for app in self.apps:
            for module in graph.find_children(app):
                name = module.rsplit(".", 1)[1]
                if name not in NOT_ROOMS and graph.find_children(module):
                    found.add(module)
        return found

    def check(self, graph, verbose):
        rooms = self.rooms(graph)
        public, wiring = self._public(), self._wiring()

        def room_of(module):
            parts = module.split(".")
            candidate = ".".join(parts[:2])
            return candidate if candidate in rooms else None

        violations = []
        for importer in sorted(graph.modules):
            importer_room = room_of(importer)
            importer_parts = importer.split(".")
            is_wiring = len(importer_parts) == 2 and importer_parts[1] in wiring
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target_room = room_of(imported)
                if target_room is None or target_room == importer_room:
                    continue
                # A wiring module of the room's own app may gather anything of its rooms.
                if is_wiring and importer_parts[0] == target_room.split(".")[0]:
                    continue
                face = imported[len(target_room) + 1 :]
                if face in public or not face:
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = ", ".join(f"l.{detail['line_number']}" for detail in details) or "?"
                violations.append((importer, imported, lines))
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check):
        for importer, imported, lines in check.metadata["violations"]:
            output.print_error(f"{importer} -> {imported} ({lines})", bold=False)
            output.new_line()
        output.print(
            "Outside a room, import only its "
            + ", ".join(sorted(self._public()))
            + " (config/import_contracts.py says why)."
        )
