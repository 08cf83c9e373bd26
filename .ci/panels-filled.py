#!/usr/bin/env python3
"""Asks a Prometheus server every dashboard panel query (dashboards/panel_exprs.rules.yml, made by
extract_exprs.py with the Grafana variables substituted) and fails if any comes back empty:
what a person importing the dashboard would see as an empty panel."""
import json
import sys
import urllib.parse
import urllib.request

import yaml

prometheus, rules_file = sys.argv[1], sys.argv[2]
rules = yaml.safe_load(open(rules_file))["groups"][0]["rules"]
empty = []
for rule in rules:
    url = f"{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": rule["expr"]})
    answer = json.load(urllib.request.urlopen(url, timeout=10))
    result = answer["data"]["result"]
    filled = bool(result) if isinstance(result, list) else result is not None
    print(f"{'filled' if filled else 'EMPTY '}  {rule['record']}: {rule['expr']}")
    if not filled:
        empty.append(rule["record"])
print(f"{len(rules) - len(empty)} of {len(rules)} panel queries return data")
sys.exit(1 if empty else 0)
