"""Requests to represent an organisation (issue 14 §4), and: every organisation that already exists gets its collection of images and documents (issue 14 §12), the role
groups of its people the collection permissions that core.roles.services gives new ones, and its logos (the
organisation's and its organisation fiches') move from the root collection into it. New organisations get theirs
when they are created (OrganisationPage.save)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Frozen copy of core.roles.services.COLLECTION_PERMISSIONS at the time of this migration.
COLLECTION_PERMISSIONS = {
    "organisation_admin": ["add", "change", "choose"],
    "editor": ["add", "change", "choose"],
    "moderator": ["add", "choose"],
}
COLLECTION_MODELS = {"wagtailimages": "image", "wagtaildocs": "document"}
STEP = 4  # treebeard's materialised path: four base-36 characters per level
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEP, "0")


def _add_child(Collection, root, name):
    """A child of the root collection, written as treebeard would (historical models have no tree methods)."""
    last = Collection.objects.filter(depth=root.depth + 1, path__startswith=root.path).order_by("-path").first()
    number = int(last.path[-STEP:], len(ALPHABET)) + 1 if last else 1
    child = Collection.objects.create(name=name[:255], path=root.path + _step(number), depth=root.depth + 1, numchild=0)
    Collection.objects.filter(pk=root.pk).update(numchild=Collection.objects.filter(depth=root.depth + 1).count())
    return child


def _permission(apps, app_label, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    model = codename.split("_", 1)[1]
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can {codename.replace('_', ' ')}"}
    )
    return permission


def create_collections(apps, schema_editor):
    OrganisationPage = apps.get_model("wg_themes", "OrganisationPage")
    MemberOrganisation = apps.get_model("wg_themes", "MemberOrganisation")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    OrganisationCollection = apps.get_model("wg_core", "OrganisationCollection")
    RoleGroup = apps.get_model("wg_core", "RoleGroup")
    Image = apps.get_model("wagtailimages", "Image")

    organisations = list(OrganisationPage.objects.order_by("path"))
    if not organisations:
        return
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    permissions = {
        role: [
            _permission(apps, app_label, f"{action}_{model}")
            for app_label, model in COLLECTION_MODELS.items()
            for action in actions
        ]
        for role, actions in COLLECTION_PERMISSIONS.items()
    }
    for organisation in organisations:
        link = OrganisationCollection.objects.filter(page_id=organisation.pk).first()
        if link is None:
            collection = _add_child(Collection, root, organisation.title)
            OrganisationCollection.objects.create(page_id=organisation.pk, collection=collection)
        else:
            collection = link.collection
        for role_group in RoleGroup.objects.filter(
            role__in=list(COLLECTION_PERMISSIONS), page__path__startswith=organisation.path
        ):
            for permission in permissions[role_group.role]:
                GroupCollectionPermission.objects.get_or_create(
                    group_id=role_group.group_id, collection=collection, permission=permission
                )
        logos = [organisation.logo_id] + list(
            MemberOrganisation.objects.filter(organisation_id=organisation.pk, logo__isnull=False).values_list(
                "logo_id", flat=True
            )
        )
        Image.objects.filter(pk__in=[pk for pk in logos if pk], collection=root).update(collection=collection)


def remove_collections(apps, schema_editor):
    """Back: the images and documents return to the root collection before the organisations' collections go."""
    Collection = apps.get_model("wagtailcore", "Collection")
    OrganisationCollection = apps.get_model("wg_core", "OrganisationCollection")
    Image = apps.get_model("wagtailimages", "Image")
    Document = apps.get_model("wagtaildocs", "Document")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    for link in OrganisationCollection.objects.select_related("collection"):
        inside = Collection.objects.filter(path__startswith=link.collection.path)
        Image.objects.filter(collection__in=inside).update(collection=root)
        Document.objects.filter(collection__in=inside).update(collection=root)
        inside.delete()  # cascades to the link and the collection permissions
    if root is not None:
        Collection.objects.filter(pk=root.pk).update(numchild=Collection.objects.filter(depth=root.depth + 1).count())


class Migration(migrations.Migration):
    dependencies = [
        ("wg_themes", "0008_organisation_retention"),
        ("wg_core", "0010_organisation_collections"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RepresentationRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'waiting'), ('approved', 'confirmed'), ('refused', 'refused')], default='pending', max_length=16, verbose_name='status')),
                ('reason', models.TextField(blank=True, verbose_name='reason of a refusal')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='asked at')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member_organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='representation_requests', to='wg_themes.memberorganisation', verbose_name='organisation')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='representation_requests', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'request to represent an organisation',
                'verbose_name_plural': 'requests to represent an organisation',
                'indexes': [models.Index(fields=['member_organisation', 'status'], name='wg_themes_r_member__5d8a9e_idx')],
                'constraints': [models.UniqueConstraint(fields=('user', 'member_organisation'), name='representationrequest_unique')],
            },
        ),
        migrations.RunPython(create_collections, remove_collections),
    ]
