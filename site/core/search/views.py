"""Site search: pages and every provider's hits that the visitor may see."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.search.selectors import site_search


@require_GET
def search(request):
    results = site_search(request.GET.get("q", ""), request.user)
    return render(request, "core/search/search.html", {"results": results, "query": results.query})
