"""Whether a person may see an object, by the one definition of its model (``visible_to``).

The core knows no feature's models by name: a notification, an outbox row or a failed mail points at what it is
about through a content type and an id, and every read and every mail re-checks with the model's own
``visible_to(user)`` (SEC-05, SEC-22). The page tree's own rule is :mod:`core.pages.selectors`.
"""

from django.contrib.contenttypes.models import ContentType


def may_see(user, obj):
    """Whether `user` may see `obj` now, by the one definition of its model (``visible_to``)."""
    if obj is None:
        return True
    if not user.is_active:
        return False
    manager = type(obj)._default_manager
    if not hasattr(manager, "visible_to"):
        return True
    return manager.visible_to(user).filter(pk=obj.pk).exists()


def object_of(content_type_id, object_id):
    """The object a row points at through ``content_type``/``object_id``, or None (gone, or no pointer)."""
    if not content_type_id or not object_id:
        return None
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model._default_manager.filter(pk=object_id).first() if model else None
