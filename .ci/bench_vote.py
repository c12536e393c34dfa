#!/usr/bin/env python3
"""Prepares the requests of the ballot benchmark (.ci/bench-vote.sh), as a voter's browser
would make them, so the load tool only sends them:

  bench_vote.py ballots BASE N OUT   GET /binh-chon N times (each a new visitor: its own CSRF
                                     cookie, token and challenge), solve each challenge, and
                                     write one ballot per line: cookie, X-Forwarded-For, path,
                                     body (tab-separated);
  bench_vote.py confirms BASE MAILDIR OUT
                                     for each confirmation link in the .eml files of MAILDIR,
                                     GET the link's page, solve its challenge, write the POST.

The proof of work is solved as the page's script does (SHA-256 of salt, nonce and a 4-byte
big-endian counter, until the hex digest starts with the challenge's prefix). Each client
address is unique and 250 share a /24, under the site's per-address and per-network limits.
By default consecutive ballots come from one /24 (a carrier's NAT: the requests in flight
share its rate-limit lock); with SPREAD=1 consecutive ballots come from different /24s (voters
across the country).
"""
import email, hashlib, html, json, os, random, re, sys, urllib.parse, urllib.request
from concurrent.futures import ThreadPoolExecutor


def fetch(url):
    req = urllib.request.Request(url)
    with urllib.request.urlopen(req) as r:
        cookies = [v.split(";", 1)[0] for k, v in r.getheaders() if k.lower() == "set-cookie"]
        return r.read().decode("utf-8"), "; ".join(cookies)


def solve(page):
    m = re.search(r'data-challenge="([^"]*)"', page)
    challenge = json.loads(html.unescape(m.group(1)))
    p = challenge["parameters"]
    base = bytes.fromhex(p["salt"]) + bytes.fromhex(p["nonce"])
    prefix = p["keyPrefix"]
    counter = 0
    while True:
        key = hashlib.sha256(base + counter.to_bytes(4, "big")).hexdigest()
        if key.startswith(prefix):
            return json.dumps({"challenge": challenge,
                               "solution": {"counter": counter, "derivedKey": key}})
        counter += 1


def token_of(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def client(i):
    if os.environ.get("SPREAD") == "1":
        return f"11.{(i // 62500) % 250}.{i % 250}.{1 + (i // 250) % 250}"
    return f"11.{(i // 62500) % 250}.{(i // 250) % 250}.{1 + i % 250}"


def ballot(args):
    base, i = args
    page, cookie = fetch(base + "/binh-chon")
    picks = re.findall(r'name="pick" value="(\d+)"', page)
    rng = random.Random(i)
    chosen = rng.sample(picks[:10], rng.randint(1, 3))
    fields = [("csrf_token", token_of(page)), ("pow", solve(page))]
    fields += [("pick", p) for p in chosen]
    fields += [("email", f"cu.tri.{i}@example.vn"), ("consent", "1")]
    return "\t".join([cookie, client(i), "/binh-chon", urllib.parse.urlencode(fields)])


def confirm(args):
    base, i, path = args
    page, cookie = fetch(base + path)
    fields = [("csrf_token", token_of(page)), ("pow", solve(page))]
    return "\t".join([cookie, client(i), path, urllib.parse.urlencode(fields)])


def links(maildir):
    found = []
    for name in sorted(os.listdir(maildir)):
        if not name.endswith(".eml"):
            continue
        with open(os.path.join(maildir, name), "rb") as f:
            message = email.message_from_binary_file(f)
        text = message.get_payload(decode=True).decode("utf-8", "replace")
        m = re.search(r"(/binh-chon/xac-nhan/[0-9a-f]{64})", text)
        if m:
            found.append(m.group(1))
    return found


def main():
    mode, base = sys.argv[1], sys.argv[2]
    if mode == "ballots":
        jobs = [(base, i) for i in range(int(sys.argv[3]))]
        make = ballot
    else:
        jobs = [(base, i, path) for i, path in enumerate(links(sys.argv[3]))]
        make = confirm
    with ThreadPoolExecutor(8) as pool, open(sys.argv[4], "w") as out:
        for n, line in enumerate(pool.map(make, jobs), 1):
            out.write(line + "\n")
            if n % 1000 == 0:
                print(f"  {n}/{len(jobs)} {mode} prepared", file=sys.stderr)


main()
