"""Every URL pattern of the site, with values no database can hold in place of its parameters (issue 9 hole 9).

The patterns come from the resolver itself (site/config/urls.py with everything it includes: Wagtail's and the
Django admin, allauth, participation, trajectories and whatever plugins add), so a page is in the sweep the day
it is added. A parameter is an id when the pattern only accepts digits there (``<int:…>``, ``(\\d+)``) or when
its name says so (``pk``, ``…_id``, ``object_id``). Every other parameter gets real values of the site where the
caller knows them (the segments of a space's items, the moderation queues, the models of the admin's settings
and snippets), so that the request reaches the code behind the pattern, and a placeholder otherwise.
"""

import itertools
import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern
from django.utils.regex_helper import normalize

ID_NAME = re.compile(r"^(pk|id|object_id|.*_id|.*_pk|revision_id_[ab])$")
ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Pattern:
    """One URL pattern: a %-format template of its path, its parameters, their converters (route patterns) and
    the dotted path of its view."""

    template: str
    params: tuple
    converters: dict
    lookup: str

    def url(self, values):
        return "/" + self.template % {name: values[name] for name in self.params}

    def resolves(self, values):
        """Whether the URL built from `values` reaches this pattern's view (not a 404 of the resolver)."""
        try:
            match = resolve(self.url(values))
        except Resolver404:
            return False
        return match._func_path == self.lookup or match.func.__module__ + "." + match.func.__qualname__ == self.lookup


def _level(pattern):
    """(template, params, converters) of one level of a URL pattern."""
    if isinstance(pattern, RoutePattern):
        converters = {}

        def placeholder(match):
            converters[match["name"]] = pattern.converters.get(match["name"])
            return "%(" + match["name"] + ")s"

        template = ROUTE_PARAM.sub(placeholder, pattern._route.replace("%", "%%"))
        return template, tuple(converters), converters
    template, params = normalize(pattern.regex.pattern)[0]  # the first of the URLs the regex allows
    return template, tuple(params), {}


def all_patterns(resolver=None, prefix=("", (), {})):
    """Every URL pattern under `resolver` (the site's root by default), flattened."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        template, params, converters = _level(entry.pattern)
        here = (prefix[0] + template, prefix[1] + params, {**prefix[2], **converters})
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry, here)
        elif isinstance(entry, URLPattern):
            yield Pattern(template=here[0], params=here[1], converters=here[2], lookup=entry.lookup_str)


def id_params(pattern):
    """The parameters of `pattern` that hold an id: digits only, or named like one."""
    found = []
    for name in pattern.params:
        converter = pattern.converters.get(name)
        if isinstance(converter, UUIDConverter):
            continue
        if isinstance(converter, IntConverter) or ID_NAME.match(name):
            found.append(name)
        elif name not in pattern.converters:
            # A group of a regex pattern: an id when it takes digits and refuses letters.
            digits = dict.fromkeys(pattern.params, "1")
            if pattern.resolves(digits) and not pattern.resolves({**digits, name: "x"}):
                found.append(name)
    return found


def text_params(pattern):
    """The parameters of `pattern` that take text (tokens, slugs, names, paths), ids aside."""
    ids = set(id_params(pattern))
    return [
        name
        for name in pattern.params
        if name not in ids and not isinstance(pattern.converters.get(name), IntConverter | UUIDConverter)
    ]


def _model_params(pattern):
    """The (app label, model name) parameters of a pattern that takes a model by name, else None."""
    apps = [name for name in pattern.params if "app" in name]
    models = [name for name in pattern.params if "model" in name]
    return (apps[0], models[0]) if len(apps) == 1 and len(models) == 1 else None


def real_values(pattern, samples, models):
    """Dicts of values for every parameter of `pattern`: each combination of the `samples` (name -> values) of
    its text parameters, every (app label, model name) of `models` where it takes a model, "1" for ids."""
    ids = set(id_params(pattern))
    choices = []
    for name in pattern.params:
        if isinstance(pattern.converters.get(name), UUIDConverter):
            choices.append([str(uuid.uuid4())])
        elif name in ids:
            choices.append(["1"])
        else:
            choices.append(samples.get(name, ["x"]))
    model_params = _model_params(pattern)
    for combination in itertools.product(*choices):
        values = dict(zip(pattern.params, combination, strict=True))
        if model_params is None:
            yield values
        else:
            for app, model in models:
                yield {**values, model_params[0]: app, model_params[1]: model}


def urls_with_ids(patterns, ids, *, samples, models, fixed=()):
    """(pattern, url) for every pattern with an id parameter, with every value of `ids` in all its ids at once.

    `fixed` is a list of (template prefix, {param: real id}): for patterns under that prefix, the same URLs again
    with those params real (e.g. a space the person takes part in), so the ids further along are tried inside a
    real object too."""
    for pattern in patterns:
        names = id_params(pattern)
        if not names:
            continue
        for values in real_values(pattern, samples, models):
            for number in ids:
                chosen = {**values, **dict.fromkeys(names, str(number))}
                if pattern.resolves(chosen):
                    yield pattern, pattern.url(chosen)
                for prefix, real in fixed:
                    inside = {**chosen, **{name: str(pk) for name, pk in real.items() if name in names}}
                    if pattern.template.startswith(prefix) and inside != chosen and set(names) - set(real):
                        if pattern.resolves(inside):
                            yield pattern, pattern.url(inside)


def urls_with_text(patterns, text, *, samples, models):
    """(pattern, url) for every pattern with a text parameter, with `text` in each of them in turn."""
    for pattern in patterns:
        for name in text_params(pattern):
            for values in real_values(pattern, samples, models):
                chosen = {**values, name: text}
                if pattern.resolves(chosen):
                    yield pattern, pattern.url(chosen)
