"""Health endpoints for the load balancer and the orchestrator."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """The process answers (liveness)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """The database answers (readiness)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means not ready
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})
