#!/usr/bin/env python3
"""Turn every PromQL expression of numwatch.json into a recording rule, so that
`promtool check rules panel_exprs.rules.yml` parses them all.

Grafana variables ($platform, ${country:regex}, [[var]], $__rate_interval, $__range, ...) are
replaced with concrete values first. Panel targets become
`numwatch_dashboard:panel_<panel id>_<refId>`; the selectors inside `label_values(...)` of the
template variables become `numwatch_dashboard:var_<name>`.

    extract_exprs.py                  write panel_exprs.rules.yml next to this script
    extract_exprs.py --all --output F provider, platform and country at their default, All (.*):
                                      what panel_exprs_test.yml runs against
    extract_exprs.py --metric-names   print every metric used by numwatch.json and alerts.yml,
                                      one per line, sorted (for checking a live /metrics)

Every panel selector of a family about a provider's data (PROVIDER_FAMILIES) must filter by the
dashboard's provider variable (`provider=~"$provider"`); a panel that forgets it fails here.

Python 3 standard library only.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DASHBOARD = os.path.join(HERE, "numwatch.json")
ALERTS = os.path.join(HERE, "alerts.yml")
OUTPUT = os.path.join(HERE, "panel_exprs.rules.yml")

# Concrete values for Grafana's variables. A bundle name is used on purpose: its `+` must be
# harmless wherever $platform appears (Grafana regex-escapes multi-value variables).
VALUES = {
    # The provider id of a single `provider:`; .ci/panels-filled.py relies on this value.
    "provider": "main",
    "platform": r"telegram\\+whatsapp",
    "country": "romania",
    "datasource": "prometheus",
    "__rate_interval": "4m",
    "__interval": "1m",
    "__interval_ms": "60000",
    "__range": "1d",
    "__range_s": "86400",
    "__range_ms": "86400000",
    "__from": "1700000000000",
    "__to": "1700086400000",
}
# The multi-value variables at their default, All (--all).
ALL_VALUES = {"provider": ".*", "platform": ".*", "country": ".*"}

VAR_RE = re.compile(
    r"\$\{(?P<a>\w+)(?::[^}]*)?\}"      # ${var} and ${var:format}
    r"|\[\[(?P<b>\w+)(?::[^\]]*)?\]\]"  # [[var]] and [[var:format]]
    r"|\$(?P<c>\w+)"                    # $var
)
# The families that carry a `provider` label (the provider's configured id), as numwatch exports
# them: a provider's data and calls, and the ledger (provider "main"). numwatch's own families
# (build_info, database size, webhooks, http_refused, callback pushes, alerts_firing) have none,
# nor has the ledger's histogram numwatch_number_first_sms_seconds (all of main's takes).
PROVIDER_FAMILIES = frozenset("numwatch_" + n for n in """
    price_toman price_native numbers_available country_info
    credit_toman credit_native provider_toman_per_unit
    last_sample_timestamp_seconds credit_last_sample_timestamp_seconds watch_interval_seconds
    samples_total sample_duration_seconds
    provider_up provider_requests_total provider_duplicate_rows_total
    numbers_taken_total numbers_activated_total numbers_spent_toman_total numbers_refunded_toman_total
    numbers_net_spent_toman numbers_listed_toman_total numbers_charged_toman_total
    numbers_taken_today numbers_activated_today numbers_taken_window numbers_activated_window
""".split())
# Added with the provider label (issue 19): an exporter from before it has none of them.
PROVIDER_ERA_FAMILIES = frozenset({"numwatch_price_native", "numwatch_credit_native", "numwatch_provider_toman_per_unit"})
PROVIDER_FILTER = 'provider=~"$provider"'
SELECTOR_RE = re.compile(r"\b(numwatch_[a-zA-Z0-9_]*)\b(?!:)(\s*\{([^}]*)\})?")
RULE_NAME_RE = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
METRIC_RE = re.compile(r"\bnumwatch_[a-zA-Z0-9_]*\b(?!:)")
LABEL_VALUES_RE = re.compile(r"^\s*label_values\((?P<selector>.*),\s*(?P<label>\w+)\s*\)\s*$", re.S)


def substitute(expr, where, values=VALUES):
    def repl(m):
        name = m.group("a") or m.group("b") or m.group("c")
        if name not in values:
            sys.exit(f"extract_exprs.py: {where}: no value for Grafana variable ${name} in: {expr}")
        return values[name]
    return VAR_RE.sub(repl, expr)


def family(name):
    """The family a series name belongs to (a histogram's _bucket, _sum and _count)."""
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix) and name[: -len(suffix)] in PROVIDER_FAMILIES:
            return name[: -len(suffix)]
    return name


def unfiltered_provider_selectors(expr):
    """The selectors of provider families in expr that do not filter by $provider."""
    return [m.group(0) for m in SELECTOR_RE.finditer(expr)
            if family(m.group(1)) in PROVIDER_FAMILIES and PROVIDER_FILTER not in (m.group(3) or "")]


def walk_panels(panels):
    for p in panels:
        yield p
        # Collapsed rows keep their panels inside the row.
        yield from walk_panels(p.get("panels") or [])


def dashboard_exprs(dash):
    """(rule name, raw expr, where) for panel targets and template-variable selectors."""
    out = []
    for p in walk_panels(dash.get("panels", [])):
        for t in p.get("targets") or []:
            expr = t.get("expr")
            if not expr or t.get("hide"):
                continue
            ref = re.sub(r"[^a-zA-Z0-9_]", "_", t.get("refId", "A"))
            out.append((f"numwatch_dashboard:panel_{p['id']}_{ref}", expr,
                        f"panel {p['id']} ({p.get('title', '')}) target {t.get('refId')}"))
    for v in dash.get("templating", {}).get("list", []):
        if v.get("type") != "query":
            continue
        q = v.get("query")
        if isinstance(q, dict):
            q = q.get("query", "")
        m = LABEL_VALUES_RE.match(q or "")
        if m:
            q = m.group("selector")
        elif not q or re.match(r"^\s*(label_names|metrics|query_result)\(", q):
            continue
        out.append((f"numwatch_dashboard:var_{v['name']}", q, f"variable {v['name']}"))
    return out


def alert_exprs(path):
    """The `expr:` values of a rules file (plain, quoted or block scalars), without PyYAML."""
    exprs = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)(?:-\s+)?expr:\s*(.*)$", lines[i])
        i += 1
        if not m:
            continue
        indent, value = len(m.group(1)), m.group(2).strip()
        if value[:1] in ("|", ">"):
            block = []
            while i < len(lines) and (not lines[i].strip() or
                                      len(lines[i]) - len(lines[i].lstrip()) > indent):
                block.append(lines[i].strip())
                i += 1
            value = " ".join(b for b in block if b)
        elif value[:1] in ("'", '"'):
            value = value[1:-1]
        else:
            value = re.sub(r"\s+#.*$", "", value)
        exprs.append(value)
    return exprs


def metric_names(exprs):
    names = set()
    for e in exprs:
        # drop string literals (label values) so only identifiers are left
        e = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', e)
        names.update(METRIC_RE.findall(e))
    return sorted(names)


def used_metric_names():
    """The metrics numwatch.json and alerts.yml use, sorted."""
    with open(DASHBOARD, encoding="utf-8") as f:
        dash = json.load(f)
    return metric_names([r[1] for r in dashboard_exprs(dash)] + alert_exprs(ALERTS))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--metric-names", action="store_true",
                    help="print the metric names used by the dashboard and alerts.yml, sorted")
    ap.add_argument("--all", action="store_true",
                    help="provider, platform and country at All (.*) instead of one value each")
    ap.add_argument("--output", default=OUTPUT, help="rules file to write (default: %(default)s)")
    args = ap.parse_args()

    if args.metric_names:
        for name in used_metric_names():
            print(name)
        return

    with open(DASHBOARD, encoding="utf-8") as f:
        rules = dashboard_exprs(json.load(f))

    unfiltered = [f"{where}: {sel}" for name, expr, where in rules if name.startswith("numwatch_dashboard:panel_")
                  for sel in unfiltered_provider_selectors(expr)]
    if unfiltered:
        sys.exit("extract_exprs.py: selectors without " + PROVIDER_FILTER + ":\n  " + "\n  ".join(unfiltered))

    seen = set()
    out = ["# GENERATED by extract_exprs.py from numwatch.json; do not edit.",
           "# Every panel query as a recording rule, Grafana variables substituted, so that",
           "# `promtool check rules` validates the dashboard's PromQL.",
           "groups:",
           "  - name: numwatch_dashboard_panels",
           "    rules:"]
    for name, expr, where in rules:
        if not RULE_NAME_RE.match(name):
            sys.exit(f"extract_exprs.py: {where}: invalid rule name {name}")
        if name in seen:
            sys.exit(f"extract_exprs.py: {where}: duplicate rule name {name} (panel ids/refIds must be unique)")
        seen.add(name)
        concrete = substitute(expr, where, {**VALUES, **ALL_VALUES} if args.all else VALUES)
        out.append(f"      # {where}")
        out.append(f"      - record: {name}")
        out.append(f"        expr: {json.dumps(concrete, ensure_ascii=False)}")
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"extract_exprs.py: wrote {len(rules)} expressions to {os.path.relpath(args.output)}")


if __name__ == "__main__":
    main()
