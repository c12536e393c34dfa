#!/usr/bin/env python3
"""Issue 10 figures: lines per handler, render paths, literal text left in templates.

Handlers are the `pub async fn` items under src/handlers (what the route table calls); a
handler's lines run from its `pub async fn` line to its closing brace. Render paths are the
functions outside views/ that turn a template into HTML themselves (call tera's `render`
or `views::render_string`). Literal text is counted by the rule tests/it/catalogue.rs
enforces: text between tags, and alt/title/placeholder/aria-label/label attributes, that
holds a letter outside `{{ }}`, `{% %}` and `{# #}`.
"""
import os, re, statistics, sys

root = os.path.join(os.path.dirname(__file__), "..")

def handler_lengths():
    out = []
    for d, _, files in os.walk(os.path.join(root, "src/handlers")):
        for f in files:
            if not f.endswith(".rs"):
                continue
            lines = open(os.path.join(d, f), encoding="utf-8").read().split("\n")
            i = 0
            while i < len(lines):
                if re.match(r"^pub async fn ", lines[i]):
                    start = i
                    while i < len(lines) and lines[i] != "}":
                        i += 1
                    out.append((i - start + 1, os.path.relpath(os.path.join(d, f), root), lines[start].split("(")[0][13:]))
                i += 1
    return out

def render_paths():
    found = []
    for d, _, files in os.walk(os.path.join(root, "src")):
        for f in files:
            path = os.path.join(d, f)
            if not f.endswith(".rs"):
                continue
            text = open(path, encoding="utf-8").read()
            fn = None
            for line in text.split("\n"):
                m = re.match(r"^\s*(?:pub(?:\([a-z]+\))? )?(?:async )?fn (\w+)", line)
                if m:
                    fn = m.group(1)
                if re.search(r"render_string\(|\.render\(\s*(template|&?name|\w+,\s*&context)", line) and not line.strip().startswith("//"):
                    found.append((os.path.relpath(path, root), fn))
    return sorted(set(found))

TERA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
BLOCKS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]*>", re.S)
ATTR = re.compile(r"\b(alt|title|placeholder|aria-label|label)\s*=\s*\"([^\"]*)\"", re.I)

def template_literals(path):
    text = open(path, encoding="utf-8").read()
    text = TERA.sub(" ", text)
    text = BLOCKS.sub(" ", text)
    found = []
    for tag in TAG.findall(text):
        for _, value in ATTR.findall(tag):
            if any(c.isalpha() for c in value):
                found.append(value.strip())
    for chunk in TAG.sub("\n", text).split("\n"):
        chunk = chunk.strip()
        if any(c.isalpha() for c in chunk):
            found.append(chunk)
    return found

def main():
    lengths = handler_lengths()
    n = [l for l, _, _ in lengths]
    longest = max(lengths)
    print(f"handlers: {len(n)}, lines median {statistics.median(n)}, max {longest[0]} ({longest[2]} in {longest[1]})")
    print(f"handlers over 30 lines: {sum(1 for x in n if x > 30)}")
    paths = render_paths()
    print(f"render paths: {len(paths)}: " + ", ".join(f"{p}::{f}" for p, f in paths))
    total = 0
    per = []
    for d, _, files in os.walk(os.path.join(root, "templates")):
        for f in files:
            lits = template_literals(os.path.join(d, f))
            total += len(lits)
            if lits:
                per.append((len(lits), os.path.relpath(os.path.join(d, f), root)))
    print(f"literal text in templates: {total} in {len(per)} files")
    if "-v" in sys.argv:
        for l, p, name in sorted(lengths, reverse=True)[:15]:
            print(f"  {l:4} {p} {name}")

main()
