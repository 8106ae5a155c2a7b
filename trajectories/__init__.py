"""Collaboration spaces (werkruimtes, seed 004): private spaces where a young person, the people around them and
their professionals work together.

One package per part of a space — a *room* — each with the standard module names (``models``, ``services``,
``selectors``, ``policies``, ``forms``, ``views``, ``urls``, ``hooks``) and its templates under
``templates/trajectories/<room>/``:

* ``spaces``: the space and its people (Trajectory, Participant), starting one, invitations, regie, the
  participants page, my spaces, the Overzicht;
* ``items``: the abstract ``SpaceItem`` every item kind builds on, the registry of kinds (hook
  ``register_space_item_kind``), the generic item pages and services, "Wie ziet wat?";
* ``plan`` (goals, actions, agreements, evaluations), ``logbook``, ``agenda`` (appointments, the calendar feed,
  reminders), ``documents`` (files and texts with versions), ``messaging`` (conversations), ``network`` (contacts,
  social maps): the tools;
* ``audit``: the access log (NEN 7513) and the account events it shows; ``privacy``: "Mijn gegevens" and account
  deletion;
* ``blueprints``: trajectory templates (phases, checklists, default goals, document templates) managed in the admin,
  the phases of a space started from one, and signing a document in the space.

Across rooms only ``services``, ``selectors``, ``policies`` and ``models`` are imported (import-linter). App-level
modules, importable by every room: ``access`` (the one visibility definition and its words), ``space_view`` (the
wrapper of every page of a space and its helpers), ``forms`` (the item form base and the audience picker);
``models`` (re-exports for Django), ``urls``, ``wagtail_hooks`` and
``apps`` are wiring; ``factories`` builds test data.
"""
