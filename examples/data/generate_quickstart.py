#!/usr/bin/env python3
"""Writes quickstart-runbooks.jsonl: the quickstart's retrieval dataset, written for this project
(no third-party text; regenerate with `python3 examples/data/generate_quickstart.py`).

The domain: the on-call runbooks of a fictional logistics company whose internal services have
codenames ("Kestrel", "Juniper", ...). Engineers ask in plain words about what a service does
("refunds for cancelled orders are stuck"); the runbook that answers names the service only by
its codename. A general-purpose embedding model has never seen these names, so it matches on
the symptom words that every runbook shares and often picks another service's page; fine-tuning
on the question -> runbook pairs teaches it which codename does what. That is the situation of
every team with internal jargon, and why fine-tuning a retriever pays off.

Each row: {"question": ..., "runbook": ...}. Deterministic (seeded).
"""
from __future__ import annotations

import json
import os
import random

# codename, what it does (three ways people say it), the nouns it handles, the owning team
SERVICES = [
    ("Kestrel", ["issues refunds for cancelled orders", "sends money back when an order is cancelled", "pays customers back for cancellations"], "refunds", "payments"),
    ("Juniper", ["prints shipping labels", "generates the labels stuck on parcels", "creates carrier labels for packages"], "labels", "fulfilment"),
    ("Osprey", ["assigns drivers to delivery routes", "decides which driver takes which route", "dispatches drivers"], "route assignments", "dispatch"),
    ("Marlow", ["calculates delivery time estimates", "predicts when a parcel will arrive", "computes the ETA shown to customers"], "ETA predictions", "data science"),
    ("Tamarind", ["sends order confirmation emails", "emails customers after they order", "delivers the order receipt emails"], "confirmation emails", "messaging"),
    ("Halcyon", ["tracks warehouse stock levels", "knows how many items are on each shelf", "keeps inventory counts per warehouse"], "stock counts", "inventory"),
    ("Brindle", ["handles customer login and passwords", "runs sign-in for the customer app", "authenticates customers"], "login sessions", "identity"),
    ("Quillon", ["generates invoices for business accounts", "bills corporate customers monthly", "produces B2B invoices"], "invoices", "billing"),
    ("Sable", ["detects fraudulent orders", "flags suspicious purchases", "scores orders for fraud risk"], "fraud scores", "risk"),
    ("Wrenfield", ["syncs product data from suppliers", "imports the supplier catalogue", "pulls new products from vendors"], "supplier feeds", "catalogue"),
    ("Corvid", ["collects payments at checkout", "charges the customer's card when they buy", "captures card payments"], "card payments", "payments"),
    ("Larkspur", ["sends push notifications to the driver app", "notifies drivers on their phones", "pushes alerts to drivers"], "driver notifications", "messaging"),
    ("Pembrook", ["books pickup slots with carriers", "schedules when the courier collects parcels", "reserves carrier pickups"], "pickup bookings", "fulfilment"),
    ("Thistle", ["computes driver pay", "works out how much each driver earns", "runs the driver payroll"], "driver payouts", "finance"),
    ("Ember", ["serves the product search bar", "powers search on the website", "returns results when customers search for products"], "search results", "discovery"),
    ("Vantor", ["recommends products to customers", "shows the 'you may also like' items", "personalises product suggestions"], "recommendations", "discovery"),
    ("Moorhen", ["handles returns at the warehouse", "processes parcels sent back by customers", "checks in returned items"], "returns", "inventory"),
    ("Saffron", ["translates the website into other languages", "localises product pages", "serves translated text"], "translations", "web"),
    ("Galloway", ["stores customer addresses", "keeps the address book for each customer", "validates delivery addresses"], "addresses", "identity"),
    ("Fennec", ["measures parcels with the warehouse scanners", "reads parcel weight and size at packing", "gets dimensions from the scales"], "parcel measurements", "fulfilment"),
    ("Ashgrove", ["runs the nightly finance reports", "produces the revenue numbers for finance", "builds the daily accounting export"], "finance reports", "finance"),
    ("Cobalt", ["applies discount codes at checkout", "handles promo codes", "validates coupons"], "discount codes", "checkout"),
    ("Dunlin", ["manages the loyalty points balance", "tracks reward points customers earn", "runs the loyalty programme"], "loyalty points", "growth"),
    ("Heron", ["routes customer support tickets", "decides which agent gets a support request", "queues tickets for the help desk"], "support tickets", "support"),
    ("Ironbark", ["stores uploaded product photos", "hosts product images", "resizes pictures for product pages"], "product images", "web"),
    ("Juno", ["predicts how much stock to reorder", "forecasts demand per product", "plans purchase orders"], "demand forecasts", "data science"),
    ("Kittiwake", ["tracks parcels with the carriers", "shows customers where their parcel is", "polls carriers for tracking updates"], "tracking events", "fulfilment"),
    ("Lindqvist", ["calculates sales tax at checkout", "works out VAT for each order", "applies tax rules to baskets"], "tax calculations", "checkout"),
    ("Mistral", ["sends SMS messages to customers", "texts customers delivery updates", "delivers text messages"], "SMS messages", "messaging"),
    ("Nettlebed", ["manages warehouse picking lists", "tells pickers which items to collect", "plans the order picking waves"], "pick lists", "inventory"),
    ("Orrin", ["handles gift cards", "issues and redeems gift vouchers", "tracks gift card balances"], "gift cards", "payments"),
    ("Pipistrelle", ["schedules warehouse staff shifts", "plans who works which shift", "builds the staff rota"], "shift rotas", "people"),
    ("Quarry", ["archives old orders to cold storage", "moves order history out of the main database", "compacts historical orders"], "order archives", "platform"),
    ("Rook", ["runs the internal feature flag service", "turns features on and off for customers", "serves feature toggles"], "feature flags", "platform"),
    ("Sorrel", ["computes shipping prices", "decides what delivery costs at checkout", "quotes delivery fees"], "shipping quotes", "checkout"),
    ("Teasel", ["collects customer reviews", "stores product ratings and reviews", "moderates review text"], "reviews", "discovery"),
    ("Umber", ["exports data to the data warehouse", "feeds the analytics warehouse", "streams events to analytics"], "analytics exports", "data platform"),
    ("Vetch", ["manages supplier purchase orders", "sends orders to vendors", "tracks what we bought from suppliers"], "purchase orders", "procurement"),
    ("Whimbrel", ["plans van loading at the depot", "decides how parcels are packed into vans", "optimises van loads"], "van loads", "dispatch"),
    ("Yarrow", ["handles subscription renewals", "renews customers' monthly plans", "charges recurring subscriptions"], "subscriptions", "billing"),
]

# issue type -> (question templates using what the service does, runbook templates naming only the codename)
ISSUES = {
    "backlog": (
        ["the service that {does} has a growing backlog, how do I clear it?",
         "queue is piling up for whatever {does}",
         "{noun} are stuck and not being processed"],
        ["{name} backlog: check the consumer lag on the {slug}-work topic; if it is above 10k, scale {name} workers with `{slug}ctl scale --workers 12` and drain the dead-letter queue.",
         "When {name} falls behind, pause the upstream producers, run `{slug}ctl drain` and watch the lag graph on the {name} dashboard until it is back under 500."]),
    "latency": (
        ["why is the thing that {does} so slow today?",
         "high latency when the system {does}",
         "{noun} take forever, p99 is through the roof"],
        ["{name} p99 latency alert: look for a slow query on the {slug} database (pg_stat_statements), and if the cache hit rate fell below 80% restart the {name} cache nodes one at a time.",
         "Slow {name} responses usually mean the connection pool is exhausted; raise {slug}.pool.max to 64 and recycle the {name} pods."]),
    "rollback": (
        ["how do I roll back a bad deploy of the service that {does}?",
         "last release broke what {does}, need to revert",
         "revert the deploy for {noun}"],
        ["Rolling back {name}: run `deployctl rollback {slug} --to previous`, confirm the canary is green, then post in #team-{team_slug}.",
         "To revert {name}, pin the previous image tag in the {slug} release file and let the pipeline redeploy; never hot-patch {name} in production."]),
    "owner": (
        ["who owns the system that {does}?",
         "which team is on call for {noun}?",
         "who do I page when {noun} break"],
        ["{name} is owned by the {team} team; page them through the {team_slug}-oncall schedule.",
         "Escalation for {name}: {team} team primary on call, then the {team} engineering manager."]),
    "credentials": (
        ["how do I rotate the secrets used by the service that {does}?",
         "credentials expired for whatever {does}",
         "API key rotation for {noun}"],
        ["{name} secrets live in vault at secret/{slug}; rotate with `vaultctl rotate secret/{slug}/api` and restart {name} so it reads the new key.",
         "If {name} logs 401s from its upstream, its token expired: request a new one via the {team} team and update secret/{slug}/token."]),
    "backfill": (
        ["some {noun} are missing for yesterday, how do I backfill them?",
         "rerun the job that {does} for a past date",
         "reprocess old {noun}"],
        ["Backfilling {name}: `{slug}ctl backfill --from 2024-01-01 --to 2024-01-02` is idempotent; run it off-peak and watch the {name} error rate.",
         "{name} keeps an audit log; replay a day with `{slug}ctl replay --date D` after checking that the {slug} database has room."]),
    "alert": (
        ["what does the error budget alert mean for the service that {does}?",
         "got paged about {noun}, what does the alert mean?",
         "alert fired for whatever {does}, is it urgent?"],
        ["{name}ErrorBudgetBurn fires when more than 2% of {name} requests fail for 10 minutes; it is urgent during business hours.",
         "{name}HighErrorRate: check the {name} dashboard for the failing dependency first; the alert is a warning, not a page, at night."]),
    "scaling": (
        ["how do I add capacity for the system that {does} before black friday?",
         "need more capacity for {noun} during the sale",
         "scale up whatever {does} for peak traffic"],
        ["{name} capacity: raise the HPA max in {slug}/values.yaml and pre-warm with `{slug}ctl warm`; {name} needs one replica per 200 requests per second.",
         "Before a peak, ask the {team} team to load-test {name} and bump the {slug} database to the large instance class."]),
}


def slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def rows(seed: int = 20261201) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for name, does_list, noun, team in SERVICES:
        for issue, (questions, runbooks) in ISSUES.items():
            fill = {"name": name, "slug": slug(name), "noun": noun, "team": team, "team_slug": slug(team)}
            for question in questions:
                does = rng.choice(does_list)
                runbook = rng.choice(runbooks)
                out.append({"question": question.format(does=does, **fill), "runbook": runbook.format(**fill)})
    rng.shuffle(out)
    return out


def main() -> None:
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quickstart-runbooks.jsonl")
    data = rows()
    with open(path, "w", encoding="utf-8") as fh:
        for row in data:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{path}: {len(data)} rows")


if __name__ == "__main__":
    main()
