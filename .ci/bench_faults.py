#!/usr/bin/env python3
"""Driver for .ci/bench-faults.sh: signs in, builds the URL list, creates producers and draft
products through the site's own forms, and runs the bounded write, upload and probe loops
whose answers the fault figures are computed from. Standard library only (Pillow for the
photos). Talks to loopback only; every loop stops by itself after its duration.

Each command prints what the shell script needs on stdout; logs are one line per request:
`<unix time> <status> <seconds> <detail>`.
"""

import argparse
import html.parser
import http.client
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
import uuid


class Web:
    """A tiny browser: one cookie jar, no redirects followed, a fresh connection each time."""

    def __init__(self, base, timeout=30.0):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port or 80
        self.base = base.rstrip("/")
        self.cookies = {}
        self.timeout = timeout
        self.lock = threading.Lock()

    def request(self, method, path, body=None, content_type=None, timeout=None):
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "hangviet-bench-faults"}
        with self.lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
            # A browser posting our own form says so; the CSRF check compares it.
            headers["Origin"] = self.base
        t0 = time.monotonic()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout or self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            res = conn.getresponse()
            data = res.read()
        finally:
            conn.close()
        elapsed = time.monotonic() - t0
        with self.lock:
            for k, v in res.getheaders():
                if k.lower() != "set-cookie":
                    continue
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                gone = value == "" or re.search(r"max-age=0\b", v, re.I) or "1970" in v
                if gone:
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = value
        return res.status, res.getheader("Location") or "", data, elapsed

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post_form(self, path, fields, **kw):
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded", **kw)

    def post_multipart(self, path, fields, files, **kw):
        """`fields` in order (the CSRF token first), then `files`: [(name, filename, bytes)]."""
        boundary = "hvbench" + uuid.uuid4().hex
        parts = []
        for k, v in fields:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        for name, filename, data in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: image/jpeg\r\n\r\n".encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}", **kw)


class Forms(html.parser.HTMLParser):
    """Every <form> of a page: action, method and its named inputs (with their values)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                            "fields": [], "selects": {}}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.current["fields"].append((a["name"], a.get("value") or "", a.get("type", "text")))
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
            self.current["selects"][self.select] = []
        elif tag == "option" and self.select:
            self.current["selects"][self.select].append((a.get("value", ""), "selected" in a))

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_of(page):
    p = Forms()
    p.feed(page.decode("utf-8", "replace"))
    return p.forms


def form(page, action_re):
    """The first form whose action matches; its hidden fields as a list of pairs."""
    for f in forms_of(page):
        if re.search(action_re, f["action"]):
            return f
    raise SystemExit(f"no form matching {action_re!r} on the page")


def hidden(f):
    return [(n, v) for n, v, t in f["fields"] if t == "hidden"]


def submit(web, path, action_re, values, expect=(303,)):
    """GET `path`, fill the form whose action matches with `values`, POST it."""
    status, _, page, _ = web.get(path)
    if status != 200:
        raise SystemExit(f"GET {path}: {status}")
    f = form(page, action_re)
    fields = [(n, v) for n, v in hidden(f) if n not in values] + list(values.items())
    status, loc, body, _ = web.post_form(f["action"], fields)
    if status not in expect:
        raise SystemExit(f"POST {f['action']}: {status}\n{body[:400]!r}")
    return status, loc, body


def login(base, email, password):
    web = Web(base)
    submit(web, "/dang-nhap", r"/dang-nhap", {"email": email, "password": password})
    if "hv_session" not in web.cookies:
        raise SystemExit("login gave no hv_session cookie")
    return web


def csrf_of(web, path):
    status, _, page, _ = web.get(path)
    if status != 200:
        raise SystemExit(f"GET {path}: {status}")
    m = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    if not m:
        raise SystemExit(f"no csrf_token on {path}")
    return m.group(1).decode()


def new_draft(web, token, producer, name, category):
    """One new draft through the product form; returns (status, id or None, seconds)."""
    status, loc, _, took = web.post_form("/doanh-nghiep/san-pham/moi", [
        ("csrf_token", token), ("producer", producer), ("name", name), ("category", category),
        ("brand", "Bench"), ("description", "Sản phẩm tạo bởi bench-faults."), ("gtin", "")])
    m = re.search(r"/doanh-nghiep/san-pham/(\d+)", loc) if status == 303 else None
    return status, (int(m.group(1)) if m else None), took


# ---------------------------------------------------------------- commands

def cmd_cookie(a):
    print(login(a.base, a.email, a.password).cookies["hv_session"])


def cmd_urls(a):
    """A read mix from the running site's own pages: home, catalogue with each kind of
    filter, product and producer pages, the search page and the search API."""
    web = Web(a.base)
    rnd = random.Random(9)
    products, producers, names = [], set(), []
    page = 1
    while len(products) < a.products:
        status, _, body, _ = web.get(f"/api/v1/products?per_page=100&page={page}")
        if status != 200:
            break
        items = json.loads(body)
        items = items.get("products") or items.get("items") or items.get("data") or [] if isinstance(items, dict) else items
        if not items:
            break
        for p in items:
            products.append(p["slug"])
            names.append(p["name"])
            if p.get("producer", {}).get("slug"):
                producers.add(p["producer"]["slug"])
        page += 1
    _, _, cat_page, _ = web.get("/san-pham")
    filters = {}
    for f in forms_of(cat_page):
        for name, options in f["selects"].items():
            filters.setdefault(name, set()).update(v for v, _ in options if v)
    catalogue = ["/san-pham", "/san-pham?page=2", "/san-pham?page=5", "/nha-san-xuat", "/giai-thuong"]
    for name in ("category", "province", "year", "programme", "tier", "sort"):
        for v in sorted(filters.get(name, ()))[:12]:
            catalogue.append(f"/san-pham?{urllib.parse.urlencode({name: v})}")
    cats = sorted(filters.get("category", ()))
    provs = sorted(filters.get("province", ()))
    for _ in range(20):
        if cats and provs:
            catalogue.append("/san-pham?" + urllib.parse.urlencode(
                {"category": rnd.choice(cats), "province": rnd.choice(provs)}))
    for c in cats[:10]:
        catalogue.append(f"/danh-muc/{c}")
    words = [w for n in names for w in n.split() if len(w) > 2]
    searches = []
    for _ in range(150):
        q = " ".join(rnd.sample(words, 1 if rnd.random() < 0.6 else 2))
        path = rnd.choice(["/tim-kiem", "/api/v1/search"])
        searches.append(f"{path}?{urllib.parse.urlencode({'q': q})}")
    mix = ["/"] * 40 + catalogue * 2 + [f"/san-pham/{s}" for s in products] \
        + [f"/nha-san-xuat/{s}" for s in sorted(producers)] + searches
    rnd.shuffle(mix)
    with open(a.out, "w") as out:
        out.write("\n".join(mix) + "\n")
    print(f"{len(mix)} URLs: {len(products)} products, {len(producers)} producers, "
          f"{len(catalogue)} catalogue, {len(searches)} searches")


def cmd_setup(a):
    """Signs the business in, creates its producer (unless it has one) and N drafts; writes
    {producer, category, products: [ids]} as JSON. --submit sends each draft for review."""
    web = login(a.base, a.email, a.password)
    status, _, page, _ = web.get("/doanh-nghiep")
    ids = re.findall(rb"/doanh-nghiep/nha-san-xuat/(\d+)", page)
    if not ids:
        status, _, page, _ = web.get("/doanh-nghiep/nha-san-xuat/moi")
        f = form(page, r"/doanh-nghiep/nha-san-xuat/moi")
        province = next((v for v, _ in f["selects"].get("province", []) if v), "ha-noi")
        submit(web, "/doanh-nghiep/nha-san-xuat/moi", r"/doanh-nghiep/nha-san-xuat/moi", {
            "name": a.producer, "address": "1 Tràng Tiền", "province": province,
            "legal_name": "", "tax_code": "", "website": "", "phone": "", "email": "",
            "description": "Nhà sản xuất tạo bởi bench-faults."})
        _, _, page, _ = web.get("/doanh-nghiep")
        ids = re.findall(rb"/doanh-nghiep/nha-san-xuat/(\d+)", page)
    producer = ids[0].decode()
    status, _, page, _ = web.get("/doanh-nghiep/san-pham/moi")
    f = form(page, r"/doanh-nghiep/san-pham/moi")
    category = next(v for v, _ in f["selects"]["category"] if v)
    token = hidden(f)[0][1]
    products = []
    for i in range(a.n):
        name = f"{a.prefix} {i:03d}"
        status, pid, _ = new_draft(web, token, producer, name, category)
        if pid is None:
            raise SystemExit(f"creating draft {name}: {status}")
        if a.submit:
            st, _, _, _ = web.post_form(f"/doanh-nghiep/san-pham/{pid}/gui-duyet", [("csrf_token", token)])
            if st != 303:
                raise SystemExit(f"submitting {pid}: {st}")
        products.append({"id": pid, "name": name})
    json.dump({"producer": producer, "category": category, "products": products,
               "cookie": web.cookies["hv_session"]}, open(a.out, "w"))
    print(f"producer {producer}, {len(products)} drafts{' submitted' if a.submit else ''}")


def paced(duration, rate, threads, work):
    """Calls work(i) at `rate` per second for `duration` seconds on `threads` threads; a call
    that falls behind starts at once (the rate is the offered load)."""
    start = time.monotonic()
    total = int(duration * rate)
    counter = iter(range(total))
    lock = threading.Lock()

    def run():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            work(i)

    ts = [threading.Thread(target=run, daemon=True) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


class Log:
    def __init__(self, path):
        self.f = open(path, "a", buffering=1)
        self.lock = threading.Lock()

    def line(self, status, took, detail=""):
        with self.lock:
            self.f.write(f"{time.time():.3f} {status} {took:.4f} {detail}\n")
            self.f.flush()
            os.fsync(self.f.fileno())


def cmd_upload(a):
    """Uploads photos at `rate` per second, 7 per draft (the cap is 8), rotating over the
    drafts of the state file from photo number `start`; logs every answer."""
    st = json.load(open(a.state))
    web = Web(a.base, timeout=60)
    web.cookies["hv_session"] = st["cookie"]
    photos = [open(os.path.join(a.photos, p), "rb").read() for p in sorted(os.listdir(a.photos))]
    products = st["products"]
    token = csrf_of(web, f"/doanh-nghiep/san-pham/{products[0]['id']}")
    log = Log(a.log)

    def one(i):
        pid = products[((a.start + i) // 7) % len(products)]["id"]
        try:
            status, loc, body, took = web.post_multipart(
                f"/doanh-nghiep/san-pham/{pid}/anh", [("csrf_token", token), ("alt", f"ảnh {i}")],
                [("photo", f"p{i}.jpg", photos[i % len(photos)])])
            log.line(status, took, f"product={pid}")
        except Exception as e:  # a refused connection is an answer too
            log.line("ERR", 0, repr(e).replace(" ", "_"))

    if (a.start + a.duration * a.rate) / 7 > len(products):
        print(f"warning: {len(products)} drafts hold fewer than {int(a.duration * a.rate)} photos", file=sys.stderr)
    paced(a.duration, a.rate, a.threads, one)


def cmd_write(a):
    """Creates drafts named `<prefix> <n>` on `threads` threads until `duration` ends (or the
    stop file appears); every acknowledged one (303 with the new id) is logged with `ack`."""
    st = json.load(open(a.state))
    web = Web(a.base, timeout=10)
    web.cookies["hv_session"] = st["cookie"]
    end = time.monotonic() + a.duration
    token = None
    while token is None:
        try:
            token = csrf_of(web, "/doanh-nghiep/san-pham/moi")
        except (OSError, SystemExit):
            if time.monotonic() > end:
                return
            time.sleep(0.05)
    log = Log(a.log)
    seq = iter(range(10**9))
    lock = threading.Lock()

    def run():
        while time.monotonic() < end and not (a.stop and os.path.exists(a.stop)):
            with lock:
                n = next(seq)
            name = f"{a.prefix} {n:06d}"
            try:
                status, pid, took = new_draft(web, token, st["producer"], name, st["category"])
                log.line(status, took, f"ack={pid}|{name}" if pid else f"name={name}".replace(" ", "_"))
            except Exception as e:
                log.line("ERR", 0, repr(e).replace(" ", "_")[:200])
                time.sleep(0.02)
            if a.pause:
                time.sleep(a.pause)

    ts = [threading.Thread(target=run, daemon=True) for _ in range(a.threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def cmd_probe(a):
    """GETs `paths` one after another every `interval` seconds for `duration`; logs each
    answer (for search answers, `degraded=` and the hit count)."""
    web = Web(a.base, timeout=a.timeout)
    if a.cookie:
        web.cookies["hv_session"] = a.cookie
    log = Log(a.log)
    end = time.monotonic() + a.duration
    i = 0
    while time.monotonic() < end and not (a.stop and os.path.exists(a.stop)):
        path = a.paths[i % len(a.paths)]
        i += 1
        t0 = time.monotonic()
        try:
            status, _, body, took = web.get(path)
            detail = path
            if path.startswith("/api/v1/search") and status == 200:
                j = json.loads(body)
                detail = f"degraded={str(j.get('degraded')).lower()} total={j.get('total')} {path}"
            log.line(status, took, detail)
        except Exception as e:
            log.line("ERR", time.monotonic() - t0, f"{type(e).__name__} {path}")
        time.sleep(max(0.0, a.interval - (time.monotonic() - t0)))


def cmd_moderate(a):
    """Signs an official in and approves the product ids given, or hides them, through the
    review page's own form (so any extra field it carries, e.g. a version, goes along)."""
    web = login(a.base, a.email, a.password)
    log = Log(a.log)
    action = {"approve": r"/duyet$", "hide": r"/an$"}[a.action]
    values = {"reason": "Kiểm tra bench-faults"} if a.action == "hide" else {}
    ok = 0
    for pid in a.ids:
        t0 = time.monotonic()
        try:
            status, _, page, _ = web.get(f"/quan-tri/san-pham/{pid}")
            f = form(page, action)
            fields = [(n, v) for n, v in hidden(f) if n not in values] + list(values.items())
            status, _, _, _ = web.post_form(f["action"], fields)
        except (Exception, SystemExit) as e:
            status = f"ERR:{type(e).__name__}"
        log.line(status, time.monotonic() - t0, f"{a.action}={pid}")
        ok += status == 303
    print(ok)


def cmd_catchup(a):
    """Polls /api/v1/search until every expectation holds in a non-degraded answer or the
    timeout passes. Expectations: tab-separated lines `present <slug or name> <query>` or
    `absent <slug> <query>`.
    Prints `<held> <total> <seconds until all held or the timeout>`."""
    web = Web(a.base, timeout=5)
    exp = [line.split("\t", 2) for line in open(a.expect).read().splitlines() if line.strip()]
    start = time.monotonic()
    held = {}
    while True:
        for i, (kind, key, query) in enumerate(exp):
            if i in held:
                continue
            try:
                status, _, body, _ = web.get("/api/v1/search?" + urllib.parse.urlencode({"q": query, "per_page": 50}))
                j = json.loads(body) if status == 200 else {}
            except Exception:
                j = {}
            if not j or j.get("degraded"):
                continue
            found = any(key in (h.get("slug"), h.get("name")) for h in j.get("hits", []))
            if found == (kind == "present"):
                held[i] = time.monotonic() - start
        if len(held) == len(exp) or time.monotonic() - start > a.timeout:
            break
        time.sleep(0.25)
    took = max(held.values()) if len(held) == len(exp) and held else time.monotonic() - start
    print(f"{len(held)} {len(exp)} {took:.1f}")


def cmd_photos(a):
    """`n` distinct phone-like JPEGs of `size` (WxH) in `out`."""
    from PIL import Image, ImageDraw, ImageFilter
    os.makedirs(a.out, exist_ok=True)
    w, h = map(int, a.size.split("x"))
    for k in range(a.n):
        rnd = random.Random(k)
        img = Image.radial_gradient("L").resize((w, h)).convert("RGB")
        d = ImageDraw.Draw(img)
        for _ in range(600):
            x, y, r = rnd.randrange(w), rnd.randrange(h), rnd.randrange(4, 80)
            d.ellipse((x, y, x + r, y + r), fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
        img.filter(ImageFilter.GaussianBlur(1.0)).save(os.path.join(a.out, f"p{k:03d}.jpg"), "JPEG", quality=88)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("cookie"); s.add_argument("base"); s.add_argument("email"); s.add_argument("password")
    s.set_defaults(fn=cmd_cookie)
    s = sub.add_parser("urls"); s.add_argument("base"); s.add_argument("out"); s.add_argument("--products", type=int, default=600)
    s.set_defaults(fn=cmd_urls)
    s = sub.add_parser("setup"); s.add_argument("base"); s.add_argument("email"); s.add_argument("password")
    s.add_argument("out"); s.add_argument("--n", type=int, default=10); s.add_argument("--prefix", default="Bench nháp")
    s.add_argument("--producer", default="Xưởng Đo Tải"); s.add_argument("--submit", action="store_true")
    s.set_defaults(fn=cmd_setup)
    s = sub.add_parser("upload"); s.add_argument("base"); s.add_argument("state"); s.add_argument("photos")
    s.add_argument("log"); s.add_argument("--rate", type=float, default=5); s.add_argument("--duration", type=float, default=60)
    s.add_argument("--threads", type=int, default=12)
    s.add_argument("--start", type=int, default=0, help="number of photos already sent to these drafts")
    s.set_defaults(fn=cmd_upload)
    s = sub.add_parser("write"); s.add_argument("base"); s.add_argument("state"); s.add_argument("log")
    s.add_argument("--prefix", default="Ghi"); s.add_argument("--duration", type=float, default=60)
    s.add_argument("--threads", type=int, default=4); s.add_argument("--pause", type=float, default=0)
    s.add_argument("--stop", default="")
    s.set_defaults(fn=cmd_write)
    s = sub.add_parser("probe"); s.add_argument("base"); s.add_argument("log"); s.add_argument("paths", nargs="+")
    s.add_argument("--duration", type=float, default=60); s.add_argument("--interval", type=float, default=0.1)
    s.add_argument("--timeout", type=float, default=10); s.add_argument("--cookie", default="")
    s.add_argument("--stop", default="")
    s.set_defaults(fn=cmd_probe)
    s = sub.add_parser("moderate"); s.add_argument("base"); s.add_argument("email"); s.add_argument("password")
    s.add_argument("action", choices=["approve", "hide"]); s.add_argument("log"); s.add_argument("ids", nargs="+")
    s.set_defaults(fn=cmd_moderate)
    s = sub.add_parser("catchup"); s.add_argument("base"); s.add_argument("expect"); s.add_argument("--timeout", type=float, default=60)
    s.set_defaults(fn=cmd_catchup)
    s = sub.add_parser("photos"); s.add_argument("out"); s.add_argument("--n", type=int, default=12)
    s.add_argument("--size", default="2000x1500")
    s.set_defaults(fn=cmd_photos)
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
