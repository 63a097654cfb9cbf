"""Time rendering and writing 10k drafts against a plain str.format baseline, and print a table."""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.outreach.drafts import build_drafts
from pipeline.outreach.write_drafts import write_drafts
from pipeline.profile import Me, Outreach, Profile, Target

FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Eve", "Farah", "Gus", "Hiro", "Ines", "José", "Kate", "Liam"]
LAST = ["Lopez", "Okafor", "Müller", "Nguyen", "Smith", "Ivanova", "Rossi", "Tanaka", "Haddad", "Brown"]
COMPANIES = ["Spotify", "Greenfield Energy", "Helios Climate Partners", "Acme Analytics", None]
TITLES = ["Data Scientist", "UX Researcher", "Sustainability Lead", "Analytics Manager", None]
TARGETS = ["Data science", "UX research", "Sustainability"]
QUESTIONS = [
    "What does a typical week look like in your role?",
    "Which skills mattered most when you moved into this field?",
    "What do you wish you had known when you started?",
]
BASELINE = (
    "Subject: Hoping for your advice on {field}\n\nHi {first},\n\nI found your name through the {school} "
    "alumni network. {pitch}\n\nI'd love to hear how you came into your role as {title} at {company}. "
    "Would you have 20-30 minutes for a call or coffee in the coming weeks?\n\n- {q}\n\nBest regards,\n{me}\n"
)


def make_inputs(n: int, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A plan and its contacts: mixed channels, provenance and missing values."""
    rng = random.Random(seed)
    plan_rows, contact_rows = [], []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        cid = f"c_{i:012x}"
        email = f"{first.lower()}.{i}@example.com" if rng.random() < 0.7 else None
        linkedin = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i}"
        source = rng.choice(["alumni", "linkedin", "google"])
        company, title, target = rng.choice(COMPANIES), rng.choice(TITLES), rng.choice(TARGETS)
        contact_rows.append({
            "contact_id": cid, "first_name": first, "last_name": last, "full_name": f"{first} {last}",
            "emails": [email] if email else [], "linkedin_url": linkedin, "company": company, "title": title,
            "school": None, "class_year": rng.randint(1990, 2023) if source == "alumni" else None,
            "connected_on": date(2020, 1, 1) + timedelta(days=rng.randint(0, 2000)) if source == "linkedin" else None,
            "referred_by": "Sam Lee" if rng.random() < 0.1 else None, "sources": [source],
        })
        plan_rows.append({
            "rank": i + 1, "contact_id": cid, "name": f"{first} {last}", "company": company, "title": title,
            "target": target, "channel": "email" if email else "linkedin", "email": email,
            "linkedin_url": linkedin, "matched": [], "questions": rng.sample(QUESTIONS, 2),
        })
    return pl.DataFrame(plan_rows), pl.DataFrame(contact_rows)


def baseline(plan: pl.DataFrame, profile: Profile) -> float:
    """The floor: one str.format per draft, no sandbox, no lint, nothing written."""
    start = time.perf_counter()
    for row in plan.iter_rows(named=True):
        BASELINE.format(field=row["target"], first=row["name"].split()[0], school=profile.me.school,
                        pitch=profile.me.pitch, title=row["title"] or "", company=row["company"] or "",
                        q=row["questions"][0], me=profile.me.name)
    return time.perf_counter() - start


def main(n: int = 10_000) -> None:
    profile = Profile(
        me=Me(name="Jordan Rivera", email="jordan@example.com", school="Riverbend University", grad_year=2024,
              pitch="I taught maths for six years and am exploring data and research work."),
        targets=tuple(Target(t, (t.lower(),)) for t in TARGETS),
        outreach=Outreach(linkedin_note_limit=300),
    )
    plan, contacts = make_inputs(n)
    start = time.perf_counter()
    drafts = build_drafts(plan, contacts, profile, today=date(2026, 11, 25))
    render = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = write_drafts(drafts, Path(tmp) / "drafts", profile, now=datetime(2026, 11, 25, 9, tzinfo=UTC))
        write = time.perf_counter() - start
        start = time.perf_counter()
        again = write_drafts(drafts, Path(tmp) / "drafts", profile, now=datetime(2026, 11, 26, 9, tzinfo=UTC))
        rewrite = time.perf_counter() - start
    floor = baseline(plan, profile)
    total = render + write
    print(f"{n:,} drafts ({drafts['ok'].sum():,} ok, {len(report.written):,} written; "
          f"{len(report.failed):,} failed; re-run: {len(again.unchanged):,} unchanged)")
    print(f"| {'step':<28} | {'seconds':>8} | {'drafts/s':>9} | {'vs str.format':>13} |")
    print(f"|{'-' * 30}|{'-' * 10}|{'-' * 11}|{'-' * 15}|")
    for label, secs in (("str.format baseline", floor), ("render + lint (build_drafts)", render),
                        ("write (write_drafts)", write), ("render + write", total),
                        ("re-run write (unchanged)", rewrite)):
        print(f"| {label:<28} | {secs:>8.2f} | {n / secs:>9,.0f} | {secs / floor:>12.0f}x |")
    print(f"budget: render + write <= 10 s -> {'PASS' if total <= 10 else 'FAIL'} ({total:.2f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
