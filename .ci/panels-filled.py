#!/usr/bin/env python3
"""Asks a Prometheus server every dashboard panel query (dashboards/panel_exprs.rules.yml, made by
extract_exprs.py with the Grafana variables substituted: provider "main") and fails if any comes
back empty: what a person importing the dashboard would see as an empty panel.

Two allowances, each ending by itself when the data allows the strict check:
  - numwatch from before providers (no `provider` label on numwatch_price_toman): the provider
    filter also matches a missing label, and the families added with the label
    (extract_exprs.PROVIDER_ERA_FAMILIES) may be empty;
  - fewer than two providers with a price: the queries that compare the cheapest provider with the
    next (TWO_PROVIDER_QUERIES) have nothing to compare and may be empty.
The queries of TWO_PROVIDER_QUERIES are asked with the provider variable at its default, All: one
provider selected has no next to compare with."""
import json
import os
import sys
import urllib.parse
import urllib.request

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dashboards"))
from extract_exprs import PROVIDER_ERA_FAMILIES, VALUES, family, metric_names  # noqa: E402

# "Cheapest provider": the next cheapest price and the margins over it.
TWO_PROVIDER_QUERIES = {f"numwatch_dashboard:panel_28_{ref}" for ref in "BCD"}
PROVIDER_FILTER = f'provider=~"{VALUES["provider"]}"'

prometheus, rules_file = sys.argv[1], sys.argv[2]


def query(expr):
    url = f"{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    result = json.load(urllib.request.urlopen(url, timeout=10))["data"]["result"]
    return result if isinstance(result, list) else ([result] if result is not None else [])


rules = yaml.safe_load(open(rules_file))["groups"][0]["rules"]
names = {rule["record"] for rule in rules}
if not TWO_PROVIDER_QUERIES <= names:
    sys.exit(f"panels-filled.py: {sorted(TWO_PROVIDER_QUERIES - names)} not in {rules_file}: update TWO_PROVIDER_QUERIES")

labelled = bool(query('count(numwatch_price_toman{provider!=""})'))
counted = query("count(count by (provider) (numwatch_price_toman))")
providers = int(float(counted[0]["value"][1])) if counted else 0
if not labelled:
    print("numwatch has no provider label yet: the provider filter also matches none, "
          f"{', '.join(sorted(PROVIDER_ERA_FAMILIES))} may be empty")
if providers < 2:
    print(f"{providers} provider(s) with prices: {', '.join(sorted(TWO_PROVIDER_QUERIES))} may be empty")

empty = []
for rule in rules:
    expr = rule["expr"]
    if rule["record"] in TWO_PROVIDER_QUERIES:
        expr = expr.replace(PROVIDER_FILTER, 'provider=~".*"')
    elif not labelled:
        expr = expr.replace(PROVIDER_FILTER, PROVIDER_FILTER[:-1] + '|"')
    filled = bool(query(expr))
    allowed = (not labelled and any(family(n) in PROVIDER_ERA_FAMILIES for n in metric_names([expr]))) \
        or (providers < 2 and rule["record"] in TWO_PROVIDER_QUERIES)
    print(f"{'filled' if filled else 'empty (allowed)' if allowed else 'EMPTY '}  {rule['record']}: {expr}")
    if not filled and not allowed:
        empty.append(rule["record"])
print(f"{len(rules) - len(empty)} of {len(rules)} panel queries return data or may be empty here")
sys.exit(1 if empty else 0)
