"""Memberships of working groups: joining (at once or as a request), leaving, the moderators' decision on a
request, the theme page's "Leden" tab."""
