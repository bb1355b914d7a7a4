"""Locust users for bench/bench_load.py: bureau staff and leaders working through the veterans pages.

Never run this by hand against anything but the gunicorn that bench_load.py starts on 127.0.0.1:
bench_load.py passes the host, and this file refuses any other.  Each simulated user takes one of
the sessions bench_load.py logged in (BENCH_LOAD_PLAN, a JSON file) and mixes the list, searches,
detail pages, the dashboard (a leader's home page) and exports of a village or a township.
"""

import itertools
import json
import os
import random
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

with open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8") as handle:
    PLAN = json.load(handle)
SESSIONS = itertools.cycle(PLAN["sessions"])


@events.init.add_listener
def loopback_only(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"bench locustfile: refusing host {environment.host!r}; only 127.0.0.1 is allowed")


class BureauUser(HttpUser):
    wait_time = between(1, 5)  # a clerk reads a page before the next click: about 17 requests a second from 50 users

    def on_start(self):
        session = next(SESSIONS)
        self.role = session["role"]
        self.client.cookies.set("sessionid", session["sessionid"], domain="127.0.0.1")
        self.rng = random.Random(session["sessionid"])
        self.terms = PLAN["terms"]

    @task(8)
    def veteran_list(self):
        params = {}
        if self.rng.random() < 0.4:
            params["within"] = self.rng.choice(PLAN["townships"])
        if self.rng.random() < 0.3:
            params["page"] = self.rng.randint(2, 20)
        self.client.get("/veterans/veteran/", params=params, name="list")

    @task(5)
    def search(self):
        kind = self.rng.choice(("name", "pinyin", "id_tail"))
        self.client.get("/veterans/veteran/", params={"q": self.rng.choice(self.terms[kind])}, name=f"search {kind}")

    @task(5)
    def detail(self):
        self.client.get(f"/veterans/veteran/{self.rng.choice(PLAN['veteran_ids'])}/", name="detail")

    @task(2)
    def dashboard(self):
        if self.role == "leader":
            self.client.get("/", name="dashboard")
        else:
            self.client.get("/veterans/veteran/", params={"q": self.rng.choice(self.terms["name"])}, name="search name")

    @task(1)
    def export(self):
        if self.role == "staff":
            if self.rng.random() < 0.5:
                params = {"village": self.rng.choice(PLAN["villages"])}
            else:
                params = {"within": self.rng.choice(PLAN["townships"])}
            with self.client.get("/veterans/veteran/export/", params=params, name="export", catch_response=True) as response:
                if response.status_code == 200 and not response.content.startswith(b"PK"):
                    response.failure("export is not an xlsx file")
        else:
            self.client.get("/veterans/veteran/", name="list")
