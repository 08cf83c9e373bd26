#!/usr/bin/env python3
"""Check a numwatch exposition (the text of GET /metrics) against the dashboard and alerts.yml:

  - every metric they use is in it (a sample, or at least its TYPE/HELP for a family without
    series yet);
  - once the exporter labels providers (a family of PROVIDER_FAMILIES has a `provider` label),
    every sample of every family of PROVIDER_FAMILIES has a non-empty `provider` label.

An exporter from before providers has no `provider` label and not the families added with it
(PROVIDER_ERA_FAMILIES): those are reported as awaited, not as missing, so the dashboard can be
checked against both. The first provider label makes both checks strict.

    check_exposition.py FILE      exit 0 when it passes, 1 otherwise (the reasons on stderr)

Python 3 standard library only.
"""
import re
import sys

from extract_exprs import PROVIDER_ERA_FAMILIES, PROVIDER_FAMILIES, used_metric_names, family

SAMPLE_RE = re.compile(r"^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?P<labels>.*)\})?\s")
META_RE = re.compile(r"^# (?:TYPE|HELP) (?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?: |$)")
PROVIDER_LABEL_RE = re.compile(r'(?:^|,)provider="(?P<value>(?:[^"\\]|\\.)*)"')


def read(text):
    """(sampled names, names with metadata, [(family, labels text)] of the provider families)."""
    sampled, described, provider_samples = set(), set(), []
    for line in text.splitlines():
        meta = META_RE.match(line)
        if meta:
            described.add(meta.group("name"))
            continue
        sample = SAMPLE_RE.match(line)
        if not sample:
            continue
        name = sample.group("name")
        sampled.add(name)
        if family(name) in PROVIDER_FAMILIES:
            provider_samples.append((family(name), sample.group("labels") or ""))
    return sampled, described, provider_samples


def check(text):
    """The problems found in the exposition text, and the lines to print for the ones that pass."""
    sampled, described, provider_samples = read(text)
    labelled = any(PROVIDER_LABEL_RE.search(labels) for _, labels in provider_samples)
    problems, report = [], []
    for name in used_metric_names():
        if name in sampled:
            report.append(f"ok       {name}")
        elif name in described or family(name) in described:
            report.append(f"ok (no series yet) {name}")
        elif not labelled and family(name) in PROVIDER_ERA_FAMILIES:
            report.append(f"awaited  {name} (the exporter has no provider label yet)")
        else:
            problems.append(f"MISSING  {name}")
    if labelled:
        unlabelled = {}
        for name, labels in provider_samples:
            match = PROVIDER_LABEL_RE.search(labels)
            if not match or not match.group("value"):
                unlabelled[name] = unlabelled.get(name, 0) + 1
        for name, count in sorted(unlabelled.items()):
            problems.append(f"NO PROVIDER  {name}: {count} sample(s) without a provider label")
        if not unlabelled:
            report.append("every sample of the provider families has a provider label")
    else:
        report.append("no provider label in the exposition: an exporter from before providers")
    return problems, report


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_exposition.py FILE")
    with open(sys.argv[1], encoding="utf-8") as f:
        problems, report = check(f.read())
    for line in report:
        print(line)
    for line in problems:
        print(line, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
