#!/usr/bin/env python3
"""Unit tests of the dashboard's own checks (run by check.sh): the provider filter that
extract_exprs.py demands of every panel selector, and check_exposition.py on expositions from
before and after the provider label. Python 3 standard library only."""
import unittest

from check_exposition import check
from extract_exprs import PROVIDER_ERA_FAMILIES, PROVIDER_FAMILIES, family, unfiltered_provider_selectors, used_metric_names


def exposition(provider_label, skip=()):
    """A sample line for every metric the dashboard and alerts use, as numwatch would write it."""
    lines = []
    for name in used_metric_names():
        if name in skip or (provider_label is None and family(name) in PROVIDER_ERA_FAMILIES):
            continue
        labels = []
        if family(name) in PROVIDER_FAMILIES and provider_label is not None:
            labels.append(f'provider="{provider_label}"')
        labels.append('platform="telegram"')
        lines.append(f"# TYPE {family(name)} gauge")
        lines.append(f"{name}{{{','.join(labels)}}} 1")
    return "\n".join(lines) + "\n"


class ProviderFilter(unittest.TestCase):
    def test_a_provider_family_without_the_filter_is_named(self):
        self.assertEqual(unfiltered_provider_selectors('numwatch_price_toman{platform=~"$platform"} > 0'),
                         ['numwatch_price_toman{platform=~"$platform"}'])
        self.assertEqual(unfiltered_provider_selectors("rate(numwatch_provider_requests_total[5m])"),
                         ["numwatch_provider_requests_total"])

    def test_filtered_and_self_families_pass(self):
        self.assertEqual(unfiltered_provider_selectors(
            'numwatch_price_toman{provider=~"$provider", platform=~"$platform"} and numwatch_build_info'), [])


class Exposition(unittest.TestCase):
    def test_an_exporter_from_before_providers_passes_with_the_new_families_awaited(self):
        problems, report = check(exposition(None))
        self.assertEqual(problems, [])
        self.assertIn("awaited  numwatch_credit_native (the exporter has no provider label yet)", report)

    def test_an_exporter_with_providers_passes(self):
        problems, report = check(exposition("main"))
        self.assertEqual(problems, [])
        self.assertIn("every sample of the provider families has a provider label", report)

    def test_once_labelled_a_family_without_the_label_fails(self):
        text = exposition("main").replace('numwatch_numbers_available{provider="main",', "numwatch_numbers_available{")
        problems, _ = check(text)
        self.assertEqual(problems, ["NO PROVIDER  numwatch_numbers_available: 1 sample(s) without a provider label"])

    def test_once_labelled_the_new_families_are_required(self):
        problems, _ = check(exposition("main", skip={"numwatch_credit_native"}))
        self.assertEqual(problems, ["MISSING  numwatch_credit_native"])

    def test_a_family_the_dashboard_uses_is_required_before_providers_too(self):
        problems, _ = check(exposition(None, skip={"numwatch_price_toman"}))
        self.assertEqual(problems, ["MISSING  numwatch_price_toman"])


if __name__ == "__main__":
    unittest.main()
