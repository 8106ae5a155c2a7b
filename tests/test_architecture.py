"""The shape of the code (issue 10; docs/architecture.md): import-linter's contracts hold and are not vacuous, no
module name carries a room prefix, every ORM write lives in a ``services.py``, and only core's notifications and
outbox rooms create notifications and outbox messages (the one fan-out).

Every app is in rooms: no allowance for any of them, and the full contracts of pyproject.toml are checked.
"""

import ast
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
APPS = {
    "config": ROOT / "site" / "config",
    "core": ROOT / "site" / "core",
    "themes": ROOT / "themes",
    "participation": ROOT / "participation",
    "trajectories": ROOT / "trajectories",
}
DONE = tuple(APPS)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PLUGIN_FOLDERS = [str(path.parent) for path in sorted(ROOT.glob("plugins/*/pyproject.toml"))]


# --- import-linter ------------------------------------------------------------------------------------------------

DONE_CONTRACTS = """
[importlinter]
root_packages =
    config
    core
    themes
contract_types =
    rooms: config.import_contracts.RoomsContract

[importlinter:contract:layers]
name = config < core < themes
type = layers
layers =
    themes
    core
    config

[importlinter:contract:rooms]
name = across rooms, only services, selectors, policies and models
type = rooms
apps =
    core
    themes
"""


def copy_sources(target):
    """The Python sources of the apps (and the project package) under `target`, laid out as in the repository."""
    for folder in APPS.values():
        relative = folder.relative_to(ROOT)
        shutil.copytree(
            folder,
            target / relative,
            ignore=lambda directory, names: [n for n in names if n == "__pycache__" or n.endswith((".html", ".txt"))],
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def lint_imports(tree, *, config=None):
    """Run lint-imports over the sources in `tree` (a subprocess, as ``make lint`` does); ``(passed, output)``."""
    command = [str(LINT_IMPORTS), "--no-cache"]
    if config is not None:
        command += ["--config", str(config)]
    result = subprocess.run(
        command,
        cwd=tree,
        # The plugins' own folders too (as make lint does): the contracts name their packages, installed or not.
        env={"PYTHONPATH": ":".join([str(tree / "site"), str(tree), *PLUGIN_FOLDERS]), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def done_config(tmp_path_factory):
    path = tmp_path_factory.mktemp("importlinter") / "done.ini"
    path.write_text(DONE_CONTRACTS)
    return path


def test_the_contracts_hold_for_the_apps_in_rooms(tmp_path, done_config):
    """Layers and rooms for config, core and themes (the apps that are done)."""
    passed, output = lint_imports(copy_sources(tmp_path), config=done_config)
    assert passed, output


def test_the_contracts_of_pyproject_hold(tmp_path):
    passed, output = lint_imports(copy_sources(tmp_path))
    assert passed, output


# Each probe is a module that breaks one contract: lint-imports must fail and name it.
PROBES = {
    "layers: core never imports themes": ("site/core/arch_probe_layers.py", "import themes.models\n"),
    "layers: config never imports core": ("site/config/arch_probe_config.py", "import core.models\n"),
    "features are independent": ("participation/arch_probe_features.py", "import trajectories.models\n"),
    "across rooms, only the public faces": ("site/core/imports/arch_probe_rooms.py", "import core.invitations.views\n"),
}


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    """One run of the project's contracts over a copy of the sources holding every probe."""
    tree = copy_sources(tmp_path_factory.mktemp("probed"))
    for path, source in PROBES.values():
        (tree / path).write_text(source)
    return lint_imports(tree)


@pytest.mark.parametrize("contract", PROBES)
def test_every_contract_catches_a_forbidden_import(contract, probed):
    passed, output = probed
    path, source = PROBES[contract]
    importer = path.removeprefix("site/").removesuffix(".py").replace("/", ".")
    imported = source.split()[1]
    assert not passed
    assert f"{importer} -> {imported}" in output, output


# --- Module names ------------------------------------------------------------------------------------------------

# A file named after its room (pushmail_views.py, admin_queues.py, account_admin.py …) instead of living in it.
ROOM_PREFIX = re.compile(
    r"^(admin_\w+|\w+_(views|models|hooks|forms|urls|services|selectors|policies|admin|tasks|tools|queues|kinds))\.py$"
)
ALLOWED_NAMES = {"wagtail_hooks.py"}


def module_files(app):
    """The app's own Python modules (not migrations, not templates or static files)."""
    return sorted(
        path for path in APPS[app].rglob("*.py") if "migrations" not in path.parts and "__pycache__" not in path.parts
    )


def room_prefixed(app):
    return [
        str(path.relative_to(ROOT))
        for path in module_files(app)
        if (ROOM_PREFIX.match(path.name) and path.name not in ALLOWED_NAMES) or path.name == "utils.py"
    ]


@pytest.mark.parametrize("app", DONE)
def test_no_module_name_carries_a_room_prefix(app):
    assert room_prefixed(app) == []


# --- ORM writes ----------------------------------------------------------------------------------------------------

WRITE_ALWAYS = {"bulk_create", "bulk_update", "get_or_create", "update_or_create"}
QUERYSET_WRITES = {"update", "create", "delete"}
RELATION_WRITES = {"add", "remove", "clear", "set"}
INSTANCE_WRITES = {"save", "delete"}
QUERYSET_STEPS = {
    "objects",
    "_default_manager",
    "filter",
    "exclude",
    "all",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "only",
    "defer",
    "order_by",
    "annotate",
    "none",
    "using",
    "visible_to",
}
# Receivers whose save/delete writes a file, a cache or an image, not a row.
NOT_ROWS = {"storage", "file", "cache", "canvas", "image", "buffer", "archive", "handle"}


@cache
def relation_names():
    """Names through which a model instance reaches related rows (m2m fields, reverse relations): the receivers of
    ``.add/.remove/.clear/.set``."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.many_to_many or field.one_to_many:
                names.add(field.name)
                accessor = getattr(field, "get_accessor_name", None)
                if accessor is not None and accessor():
                    names.add(accessor())
    return frozenset(names)


def _chain(node):
    """The attribute and call names along a receiver expression, outermost last."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return list(reversed(names))
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return list(reversed(names))


def _is_super(node):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"


def is_write(call):
    if not isinstance(call.func, ast.Attribute):
        return False
    name, receiver = call.func.attr, call.func.value
    if _is_super(receiver):
        return False  # an override handing on to its parent
    chain = _chain(receiver)
    last = chain[-1] if chain else ""
    if name in WRITE_ALWAYS:
        return True
    if name in RELATION_WRITES:
        return last in relation_names()
    if name in QUERYSET_WRITES and (QUERYSET_STEPS & set(chain) or last in relation_names()):
        return True
    if name in INSTANCE_WRITES:
        return last not in NOT_ROWS and not (set(chain) & NOT_ROWS)
    return False


class WriteFinder(ast.NodeVisitor):
    """ORM writes outside the places that may write: a model's own save/delete, a user manager's create_user."""

    def __init__(self):
        self.found = []
        self.scope = []

    def _allowed_scope(self):
        names = [name for _kind, name in self.scope]
        if names and names[-1] in ("save", "delete") and len(self.scope) >= 2 and self.scope[-2][0] == "class":
            return True  # a model (or form) overriding save/delete itself
        return len(names) >= 2 and names[-2] == "UserManager" and names[-1] == "_create_user"

    def visit_ClassDef(self, node):
        self.scope.append(("class", node.name))
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node):
        self.scope.append(("def", node.name))
        self.generic_visit(node)
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node):
        if is_write(node) and not self._allowed_scope():
            self.found.append((node.lineno, ast.unparse(node.func)))
        self.generic_visit(node)


def may_write(path):
    """services.py modules, migrations, factories and the demo seeding commands."""
    return (
        path.name == "services.py"
        or "migrations" in path.parts
        or path.name == "factories.py"
        or path.name.startswith("seed_demo")
    )


def writes_outside_services(app):
    found = []
    for path in module_files(app):
        if may_write(path):
            continue
        finder = WriteFinder()
        finder.visit(ast.parse(path.read_text(), filename=str(path)))
        found += [f"{path.relative_to(ROOT)}:{line} {call}" for line, call in finder.found]
    return found


@pytest.mark.parametrize("app", DONE)
def test_every_orm_write_is_in_a_service(app, db):
    assert writes_outside_services(app) == []


def test_the_write_finder_sees_what_it_must(db):
    """The grep is not blind: each kind of write is found in a view, and nothing that only looks like one."""
    source = """
def view(request, post, user, data):
    Post.objects.filter(pk=1).update(title="x")
    Post.objects.create(title="x")
    Post.objects.get_or_create(title="x")
    post.save(update_fields=["title"])
    post.delete()
    user.groups.add(1)
    user.interested_themes.set([])
    data.update({"a": 1})
    seen = set(); seen.add(1)
    cache.set("k", 1)
    storage.delete("name")
    super().save()

class Thing:
    def save(self, *args, **kwargs):
        self.other.save()
        return super().save(*args, **kwargs)
"""
    finder = WriteFinder()
    finder.visit(ast.parse(source))
    assert [call for _line, call in finder.found] == [
        "Post.objects.filter(pk=1).update",
        "Post.objects.create",
        "Post.objects.get_or_create",
        "post.save",
        "post.delete",
        "user.groups.add",
        "user.interested_themes.set",
    ]


# --- Only the fan-out writes notifications and mail -------------------------------------------------------------

# Issue 10 §4, one fan-out: notification-centre rows and outbox messages are created by core's notifications room
# (``tell``, the one fan-out) and outbox room (``queue_mail``) only. Every other module calls them.
FAN_OUT_ROOMS = (ROOT / "site" / "core" / "notifications", ROOT / "site" / "core" / "outbox")
FAN_OUT_MODELS = {"Notification", "OutboundMessage"}
FAN_OUT_RELATIONS = {"notifications", "outbound_messages"}  # user.notifications.create(...)
CREATES = {"create", "bulk_create", "get_or_create", "update_or_create"}


class FanOutFinder(ast.NodeVisitor):
    """``Notification(...)``/``OutboundMessage(...)`` rows built by hand, and creates or bulk creates of them."""

    def __init__(self):
        self.found = []

    def visit_Call(self, node):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in FAN_OUT_MODELS:
            self.found.append((node.lineno, ast.unparse(func)))
        elif name in CREATES and isinstance(func, ast.Attribute):
            if set(_chain(func.value)) & (FAN_OUT_MODELS | FAN_OUT_RELATIONS):
                self.found.append((node.lineno, ast.unparse(func)))
        self.generic_visit(node)


def fan_out_writes_outside_core(app):
    found = []
    for path in module_files(app):
        if any(path.is_relative_to(room) for room in FAN_OUT_ROOMS):
            continue
        finder = FanOutFinder()
        finder.visit(ast.parse(path.read_text(), filename=str(path)))
        found += [f"{path.relative_to(ROOT)}:{line} {call}" for line, call in finder.found]
    return found


@pytest.mark.parametrize("app", DONE)
def test_only_core_creates_notifications_and_outbox_messages(app):
    """Digests, observer updates, push mail and every other caller go through ``core.notifications.services.tell``
    (or ``core.outbox.services.queue_mail``): no module elsewhere builds or bulk creates those rows."""
    assert fan_out_writes_outside_core(app) == []


def test_the_fan_out_finder_sees_what_it_must():
    source = """
def send(user, rows, messages):
    Notification(recipient=user, type="x", key="k")
    models.OutboundMessage(email="a@example.org")
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    OutboundMessage.objects.create(email="a@example.org")
    core.models.OutboundMessage.objects.using("default").get_or_create(key="k")
    user.notifications.create(type="x")
    NotificationType(code="x", label="X")
    NotificationPreference.objects.update_or_create(user=user, type="x")
    Notification.objects.filter(recipient=user).update(read_at=None)
    OutboundMessage.objects.filter(key="k").exists()
    # Notification(...) in a comment is no write
"""
    finder = FanOutFinder()
    finder.visit(ast.parse(source))
    assert [call for _line, call in finder.found] == [
        "Notification",
        "models.OutboundMessage",
        "Notification.objects.bulk_create",
        "OutboundMessage.objects.create",
        "core.models.OutboundMessage.objects.using('default').get_or_create",
        "user.notifications.create",
    ]


# --- The old import paths are gone ------------------------------------------------------------------------

# Old flat modules that are rooms now: a name is imported from the room's services, selectors …, never from the room
# itself (it has no __getattr__ any more); core.permissions is gone.
SHIM_ROOMS = {"core.roles", "core.notifications", "core.outbox"}
ROOM_MODULES = {"models", "services", "selectors", "policies", "tokens", "mail", "hooks", "admin", "views", "urls"}


def old_path_imports(paths):
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = {alias.name for alias in node.names}
                if node.module == "core.permissions" or (node.module in SHIM_ROOMS and names - ROOM_MODULES):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} from {node.module} import {sorted(names)}")
                if node.module == "core" and names & {"roles", "notifications", "outbox", "permissions"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} from core import {sorted(names)}")
    return found


@pytest.mark.parametrize("app", DONE)
def test_the_apps_in_rooms_use_no_old_import_path(app):
    assert old_path_imports(module_files(app)) == []
