from django.conf import settings


def site_context(request):
    return {
        "WERKGROEPEN_LANGUAGES": settings.LANGUAGES,
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }
