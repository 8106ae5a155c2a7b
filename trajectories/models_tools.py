"""Kept for migration 0002 only: it names the document files' storage and path functions by this module
(``trajectories.models_tools.files_storage``, ``…version_path``), and migrations are never edited. They live in
:mod:`trajectories.documents.models`; these are the same objects, so ``makemigrations`` sees no change.
Import nothing else from here."""

from trajectories.documents.models import files_storage, version_path

__all__ = ["files_storage", "version_path"]
