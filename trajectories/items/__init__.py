"""Items of a space, of every kind: the abstract ``SpaceItem``, the registry of kinds (hook
``register_space_item_kind``), the generic item pages and services, and "Wie ziet wat?"."""
