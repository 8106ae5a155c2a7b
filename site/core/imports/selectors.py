"""Reads of imports: the organisations a person imports for, the importers offered there, and the last runs."""

from django.utils.text import slugify

from config.hooks import REGISTER_IMPORTER, call
from core.imports.models import ImportRun
from core.roles.selectors import administered_organisations, organisations

LAST_RUNS = 10


def import_organisations(user):
    """The organisations `user` may import for, as specific pages ordered by title: every organisation for a
    superadmin, their own for an organisation admin, none for anybody else."""
    if not (user.is_authenticated and user.is_active):
        return organisations().none()
    pages = organisations() if user.is_superuser else organisations().filter(pk__in=administered_organisations(user))
    return pages.order_by("title").specific()


def importer_slug(importer):
    """The importer's ``slug``, or one made from its name."""
    return importer.slug or slugify(importer.name)


def importers_for(organisation, request=None):
    """``[(slug, importer)]`` offered to `organisation` (``register_importer``; importers of plugins the organisation
    has not switched on are left out). Two importers with one slug: the first counts."""
    found = {}
    for importer in call(REGISTER_IMPORTER, organisation, request, organisation=organisation):
        found.setdefault(importer_slug(importer), importer)
    return list(found.items())


def importer_for(organisation, slug, request=None):
    """The importer `slug` offered to `organisation`, or None."""
    return dict(importers_for(organisation, request)).get(slug)


def last_runs(organisation, limit=LAST_RUNS):
    """The latest runs for `organisation`, newest first."""
    return list(ImportRun.objects.filter(organisation_id=organisation.pk).select_related("started_by")[:limit])
