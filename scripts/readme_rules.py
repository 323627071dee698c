#!/usr/bin/env python3
"""Rewrites the README's rule table (between the rules:start/end markers) from rules/*.md.
The docs test fails when the table and the rules drift apart; run this to fix it."""
import glob
import os
import re

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
rows = ["| id | name | severity | category | summary |", "|---|---|---|---|---|"]
for path in sorted(glob.glob(os.path.join(root, "rules", "LB*.md"))):
    text = open(path).read()
    field = lambda k: re.search(rf"^{k}: (.*)$", text, re.M).group(1)
    rows.append(f"| [{field('id')}](rules/{field('id')}.md) | {field('name')} | {field('severity')} | {field('category')} | {field('summary')} |")
readme_path = os.path.join(root, "README.md")
readme = open(readme_path).read()
start, end = "<!-- rules:start -->", "<!-- rules:end -->"
before, rest = readme.split(start)
_, after = rest.split(end)
open(readme_path, "w").write(before + start + "\n" + "\n".join(rows) + "\n" + end + after)
