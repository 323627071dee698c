#!/usr/bin/env python3
"""Runs lifeboat over a folder of public repositories (one sub-folder each, e.g. brought in
with the search tool's fetch into the ignored `corpus/`) and prints what the README's
accuracy section reports: files, resources, modules not downloaded, LB001 count, findings
per rule, and a seeded random sample of findings to check by hand.

    cargo build && python3 scripts/corpus_report.py corpus [--sample 25] [--seed 15]
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "..", "target", "debug", "lifeboat")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--sample", type=int, default=25)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    totals = collections.Counter()
    per_rule = collections.Counter()
    findings = []
    for name in sorted(os.listdir(args.corpus)):
        path = os.path.join(args.corpus, name)
        if not os.path.isdir(path):
            continue
        out = subprocess.run([BIN, "check", path, "--format", "json", "--fail-on", "never"],
                             capture_output=True, text=True)
        report = json.loads(out.stdout)
        s = report["summary"]
        for k in ("files", "resources", "modules_not_downloaded"):
            totals[k] += s.get(k, 0)
        rules = collections.Counter(f["rule_id"] for f in report["findings"])
        per_rule.update(rules)
        findings += [(name, f) for f in report["findings"]]
        print(f"{name[:50]:50} files={s['files']:5} resources={s['resources']:5} "
              + " ".join(f"{r}:{n}" for r, n in sorted(rules.items())))
    print(f"\n{len(os.listdir(args.corpus))} repositories, {totals['files']} files, "
          f"{totals['resources']} resources, {totals['modules_not_downloaded']} module calls "
          f"not downloaded, LB001: {per_rule.get('LB001', 0)}, findings: {len(findings)}")
    print("per rule:", ", ".join(f"{r} {n}" for r, n in sorted(per_rule.items())))
    random.seed(args.seed)
    print(f"\nsample (seed {args.seed}):")
    for repo, f in random.sample(findings, min(args.sample, len(findings))):
        loc = f["location"]
        print(f"  {f['rule_id']} {loc.get('path')}:{loc.get('start_line')} {f['message'][:120]}")


if __name__ == "__main__":
    sys.exit(main())
