"""Make the demo's synthetic inputs (fixed seed): a LinkedIn export, an alumni list, a profile.

Run `python data/sample/make_sample.py` to regenerate; the outputs are committed beside it.
Every person here is invented: names are drawn from common-name lists, emails use example domains.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261125

FIRST = ["Robert", "William", "Elizabeth", "Katherine", "Michael", "Jennifer", "Daniel", "Margaret",
         "Alexander", "Christopher", "Samantha", "Jonathan", "Patricia", "Thomas", "Rebecca", "Nicholas",
         "Andrew", "Victoria", "Benjamin", "Jessica", "Priya", "Wei", "Olga", "José", "Zoë", "Søren",
         "Amara", "Chidi", "Mateo", "Aisha", "Hiroshi", "Fatima", "Lucas", "Ingrid", "Raj", "Elena"]
NICK = {"Robert": "Bob", "William": "Bill", "Elizabeth": "Liz", "Katherine": "Kate", "Michael": "Mike",
        "Jennifer": "Jen", "Daniel": "Dan", "Margaret": "Peggy", "Alexander": "Alex", "Christopher": "Chris",
        "Samantha": "Sam", "Jonathan": "Jon", "Patricia": "Pat", "Thomas": "Tom", "Rebecca": "Becky",
        "Nicholas": "Nick", "Andrew": "Andy", "Victoria": "Vicky", "Benjamin": "Ben", "Jessica": "Jess"}
LAST = ["Smith", "Johnson", "Garcia", "Nguyen", "Okafor", "Müller", "Kowalski", "O'Brien", "Chen", "Patel",
        "Rossi", "Andersen", "Martínez", "Kim", "Dubois", "Haddad", "Ivanova", "Silva", "Cohen", "Tanaka",
        "Walker", "Brooks", "Lindqvist", "Mensah", "Fischer", "Reyes", "Sato", "Novak", "Byrne", "Costa"]
COMPANIES = [("Acme Analytics Inc.", "ACME Analytics"), ("Spotify AB", "Spotify"), ("Northwind Health LLC", "Northwind Health"),
             ("Greenfield Energy GmbH", "Greenfield Energy"), ("The Civic Design Co.", "Civic Design"),
             ("Bluebird Bank plc", "Bluebird Bank"), ("Riverbend University", "Riverbend University"),
             ("Helios Climate Partners", "Helios Climate"), ("Quantum Retail Corp.", "Quantum Retail"),
             ("Lighthouse Consulting Group", "Lighthouse Consulting"), ("City of Springfield", "City of Springfield"),
             ("Orbit Mobility Ltd", "Orbit Mobility")]
TITLES = {
    "data": ["Data Scientist", "Senior Data Scientist", "Machine Learning Engineer", "Analytics Manager",
             "Data Analyst", "Head of Data Science", "ML Research Scientist", "Business Intelligence Analyst",
             "Junior Data Analyst", "VP, Analytics"],
    "ux": ["UX Researcher", "Senior UX Designer", "Product Designer", "User Experience Research Lead",
           "Design Director", "UX/UI Designer", "Service Designer", "Junior Product Designer"],
    "esg": ["Sustainability Manager", "ESG Analyst", "Climate Risk Consultant", "Head of Sustainability",
            "Environmental Policy Advisor", "Carbon Accounting Specialist", "Energy Transition Associate"],
    "other": ["Account Executive", "Daily Operations Manager", "Maintenance Technician", "Office Manager",
              "Software Engineer", "Marketing Coordinator", "Recruiter", "Financial Controller", "Nurse Practitioner",
              "Teacher", "Sales Director", "Paralegal", "Customer Success Manager", "HR Business Partner"],
}
CITIES = ["Springfield", "Riverton", "Lakeside", "Portsmouth", "Fairview", "Brookfield"]
PREAMBLE = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing. '
            "You will only see email addresses for connections who have allowed their connections to see or download "
            'their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more '
            'here https://www.linkedin.com/help/linkedin/answer/261"\n\n')


def _person(rng: random.Random, i: int) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    kind = rng.choices(["data", "ux", "esg", "other"], weights=[3, 2, 2, 5])[0]
    company = rng.choice(COMPANIES)
    return {
        "first": first, "last": last, "middle": rng.choice(["J.", "A.", "M.", "", "", ""]),
        "title": rng.choice(TITLES[kind]), "company": company, "city": rng.choice(CITIES),
        "slug": f"{first}-{last}-{i:03d}".lower().replace("'", "").replace(" ", ""),
        "email": f"{first[0]}.{last}{i}@example.{rng.choice(['com', 'org', 'net'])}".lower().replace("'", ""),
        "class_year": rng.choice([None, *range(1998, 2024)]),
        "connected": date(2026, 11, 1) - timedelta(days=rng.randint(10, 3000)),
    }


def _ascii_slug(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def make(seed: int = SEED) -> dict[str, str]:
    """Return {file name: text} for the three sample inputs."""
    rng = random.Random(seed)
    people = [_person(rng, i) for i in range(180)]
    linkedin = people[:130]
    # Half the alumni are also LinkedIn connections, written differently; the rest only there.
    alumni = rng.sample(people[:130], 55) + people[130:]

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    rows = []
    for p in linkedin:
        email = p["email"] if rng.random() < 0.04 else ""
        last = p["last"] + (", MBA" if rng.random() < 0.04 else "") + (" (she/her)" if rng.random() < 0.03 else "")
        rows.append((p["connected"], [p["first"], last, f"https://www.linkedin.com/in/{_ascii_slug(p['slug'])}",
                                      email, p["company"][0], p["title"], p["connected"].strftime("%d %b %Y")]))
    for _ in range(4):  # hidden profiles: LinkedIn exports only the date
        when = date(2026, 11, 1) - timedelta(days=rng.randint(10, 3000))
        rows.append((when, ["", "", "", "", "", "", when.strftime("%d %b %Y")]))
    for _, row in sorted(rows, key=lambda r: r[0], reverse=True):  # newest first, as LinkedIn writes it
        writer.writerow(row)
    connections = PREAMBLE + out.getvalue().rstrip("\n")  # LinkedIn leaves no final newline

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Constituent ID", "Preferred First Name", "Middle Name", "Last Name", "Preferred Class Year",
                     "Degree", "Employer", "Job Title", "Preferred Email", "Home City", "Mobile Phone"])
    for n, p in enumerate(alumni):
        first = NICK.get(p["first"], p["first"]) if rng.random() < 0.5 else p["first"]
        last = p["last"].upper() if rng.random() < 0.15 else p["last"]
        company = p["company"][1] if rng.random() < 0.7 else p["company"][0]
        title = p["title"] if rng.random() < 0.8 else rng.choice(TITLES["other"])  # some changed jobs
        year = p["class_year"] or rng.randint(1998, 2023)
        phone = f"+1 555 01{rng.randint(0, 99):02d}" if rng.random() < 0.3 else ""
        writer.writerow([f"A{10000 + n}", first, p["middle"], last, str(year), rng.choice(["BA", "BS", "MA", "MBA", "PhD"]),
                         company, title, p["email"], p["city"], phone])
    writer.writerow(["A19998", "", "", "", "2011", "BA", "", "", "", "", ""])  # identifies nobody: rejected
    writer.writerow(["A19999", "Omar", "", "Haddad", "20x9", "BS", "Helios Climate", "ESG Analyst", "omar@", "Lakeside", ""])
    return {"Connections.csv": connections, "alumni.csv": out.getvalue(), "profile.toml": PROFILE}


PROFILE = """\
# The demo's profile: a career changer from teaching, exploring three fields.

[me]
name = "Jordan Rivera"
email = "jordan.rivera@example.com"
school = "Riverbend University"
grad_year = 2024
pitch = "I taught high-school maths for six years and am now exploring a move into data and research work."

[[targets]]
name = "Data science"
keywords = ["data scientist", "machine learning", "analytics", "data analyst", "business intelligence"]
companies = ["Spotify"]

[[targets]]
name = "UX research"
keywords = ["ux researcher", "user research", "product designer", "ux", "service design"]
weight = 0.9

[[targets]]
name = "Sustainability"
keywords = ["sustainability", "esg", "climate", "carbon", "energy transition"]
weight = 0.8

[outreach]
per_week = 8
per_company = 2
linkedin_note_limit = 300
"""

if __name__ == "__main__":
    for name, text in make().items():
        # cp1252-free, UTF-8 as the real exports are; newline="" keeps the CRLF of the alumni file.
        (HERE / name).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {HERE / name}")
