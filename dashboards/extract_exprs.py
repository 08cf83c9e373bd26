#!/usr/bin/env python3
"""Turn every PromQL expression of numwatch.json into a recording rule, so that
`promtool check rules panel_exprs.rules.yml` parses them all.

Grafana variables ($platform, ${country:regex}, [[var]], $__rate_interval, $__range, ...) are
replaced with concrete values first. Panel targets become
`numwatch_dashboard:panel_<panel id>_<refId>`; the selectors inside `label_values(...)` of the
template variables become `numwatch_dashboard:var_<name>`.

    extract_exprs.py                  write panel_exprs.rules.yml next to this script
    extract_exprs.py --metric-names   print every metric used by numwatch.json and alerts.yml,
                                      one per line, sorted (for checking a live /metrics)

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

VAR_RE = re.compile(
    r"\$\{(?P<a>\w+)(?::[^}]*)?\}"      # ${var} and ${var:format}
    r"|\[\[(?P<b>\w+)(?::[^\]]*)?\]\]"  # [[var]] and [[var:format]]
    r"|\$(?P<c>\w+)"                    # $var
)
RULE_NAME_RE = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
METRIC_RE = re.compile(r"\bnumwatch_[a-zA-Z0-9_]*\b(?!:)")
LABEL_VALUES_RE = re.compile(r"^\s*label_values\((?P<selector>.*),\s*(?P<label>\w+)\s*\)\s*$", re.S)


def substitute(expr, where):
    def repl(m):
        name = m.group("a") or m.group("b") or m.group("c")
        if name not in VALUES:
            sys.exit(f"extract_exprs.py: {where}: no value for Grafana variable ${name} in: {expr}")
        return VALUES[name]
    return VAR_RE.sub(repl, expr)


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
    lines = open(path, encoding="utf-8").read().splitlines()
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--metric-names", action="store_true",
                    help="print the metric names used by the dashboard and alerts.yml, sorted")
    ap.add_argument("--output", default=OUTPUT, help="rules file to write (default: %(default)s)")
    args = ap.parse_args()

    with open(DASHBOARD, encoding="utf-8") as f:
        dash = json.load(f)
    rules = dashboard_exprs(dash)

    if args.metric_names:
        for name in metric_names([r[1] for r in rules] + alert_exprs(ALERTS)):
            print(name)
        return

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
        concrete = substitute(expr, where)
        out.append(f"      # {where}")
        out.append(f"      - record: {name}")
        out.append(f"        expr: {json.dumps(concrete, ensure_ascii=False)}")
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"extract_exprs.py: wrote {len(rules)} expressions to {os.path.relpath(args.output)}")


if __name__ == "__main__":
    main()
