"""The peers of `make bench-peers`: DuckDB and pandas read the same export and compute the same
kinds of figures as `werkvoorraad check` (spec/metrics.md), the way an analyst would script them.

Usage: figures.py duckdb|pandas FILE AS_OF   (AS_OF as YYYY-MM-DD; prints one JSON object)

What each peer computes, at the as-of date, on every case received by then:
- headline: open, unassigned (open, and no consultant or no assignment yet), oldest open month,
  oldest unassigned month, median and 85th-percentile age in days of the open cases, new requests
  open longer than 42 days, decisions in the last 4 full ISO weeks;
- consultant-weeks: per consultant and ISO week, the decisions and the withdrawals;
- risk: per provider, the open reindications whose indication ended before the as-of date and
  their days of care since then.
It leaves out what werkvoorraad also does: validation per cell, pseudonymisation, age buckets,
months, flow per week, lead times, the forecast's simulation.
"""
import json
import sys

DATES = ["Datum melding", "Datum in behandeling", "Datum besluit", "Einddatum indicatie"]


def with_duckdb(path, as_of):
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    dates = ", ".join(f"'{d}': 'VARCHAR'" for d in DATES)
    con.execute(
        f"""CREATE TABLE raw AS SELECT * FROM read_csv('{path}', delim=';', header=true,
            encoding='latin-1', types={{{dates}}}, all_varchar=false)"""
    )
    con.execute(
        f"""CREATE TABLE c AS SELECT "Soort aanvraag" AS kind, Consulent AS consultant,
            Aanbieder AS provider, Resultaat AS outcome,
            strptime("Datum melding", '%d-%m-%Y')::DATE AS rec,
            try_strptime("Datum in behandeling", '%d-%m-%Y')::DATE AS asg,
            try_strptime("Datum besluit", '%d-%m-%Y')::DATE AS dec,
            try_strptime("Einddatum indicatie", '%d-%m-%Y')::DATE AS "end"
            FROM raw WHERE strptime("Datum melding", '%d-%m-%Y')::DATE <= DATE '{as_of}'"""
    )
    t = f"DATE '{as_of}'"
    week = f"date_trunc('week', {t})"
    head = con.execute(
        f"""WITH o AS (SELECT *, (dec IS NULL OR dec > {t}) AS open,
                 (consultant IS NULL OR asg IS NULL OR asg > {t}) AS noasg,
                 date_diff('day', rec, {t}) AS age FROM c)
            SELECT count(*) FILTER (open), count(*) FILTER (open AND noasg),
              strftime(min(rec) FILTER (open), '%Y-%m'), strftime(min(rec) FILTER (open AND noasg), '%Y-%m'),
              quantile_disc(age, 0.5) FILTER (open), quantile_disc(age, 0.85) FILTER (open),
              count(*) FILTER (open AND kind = 'Nieuw' AND age > 42),
              count(*) FILTER (dec >= {week} - INTERVAL 28 DAY AND dec < {week})
            FROM o"""
    ).fetchone()
    weeks = con.execute(
        f"""SELECT consultant, strftime(dec, '%G-W%V') AS week,
              count(*) FILTER (outcome <> 'Ingetrokken'), count(*) FILTER (outcome = 'Ingetrokken')
            FROM c WHERE dec <= {t} AND consultant IS NOT NULL GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    risk = con.execute(
        f"""SELECT provider, count(*), sum(date_diff('day', "end", {t})) FROM c
            WHERE kind = 'Herindicatie' AND (dec IS NULL OR dec > {t}) AND "end" < {t}
            GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    return {"headline": list(head), "consultant_weeks": len(weeks), "risk": [list(r) for r in risk]}


def with_pandas(path, as_of):
    import pandas as pd

    c = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str)
    for d in DATES:
        c[d] = pd.to_datetime(c[d], format="%d-%m-%Y", errors="coerce")
    t = pd.Timestamp(as_of)
    c = c[c["Datum melding"] <= t]
    rec, asg, dec, end = (c[d] for d in DATES)
    open_ = dec.isna() | (dec > t)
    noasg = c["Consulent"].isna() | asg.isna() | (asg > t)
    age = (t - rec).dt.days
    week = t - pd.Timedelta(days=t.weekday())
    month = lambda s: s.min().strftime("%Y-%m") if len(s) else None
    head = [
        int(open_.sum()), int((open_ & noasg).sum()), month(rec[open_]), month(rec[open_ & noasg]),
        float(age[open_].quantile(0.5, interpolation="higher")),
        float(age[open_].quantile(0.85, interpolation="higher")),
        int((open_ & (c["Soort aanvraag"] == "Nieuw") & (age > 42)).sum()),
        int(((dec >= week - pd.Timedelta(days=28)) & (dec < week)).sum()),
    ]
    decided = c[(dec <= t) & c["Consulent"].notna()]
    iso = decided["Datum besluit"].dt.isocalendar()
    label = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
    withdrawn = decided["Resultaat"] == "Ingetrokken"
    weeks = decided.assign(week=label, w=withdrawn, d=~withdrawn).groupby(["Consulent", "week"])[["d", "w"]].sum()
    lapsed = c[(c["Soort aanvraag"] == "Herindicatie") & open_ & (end < t)]
    risk = lapsed.assign(days=(t - lapsed["Einddatum indicatie"]).dt.days).groupby("Aanbieder")["days"].agg(["count", "sum"])
    return {"headline": head, "consultant_weeks": len(weeks), "risk": risk.reset_index().values.tolist()}


if __name__ == "__main__":
    peer, path, as_of = sys.argv[1:4]
    result = (with_duckdb if peer == "duckdb" else with_pandas)(path, as_of)
    print(json.dumps(result, default=str))
