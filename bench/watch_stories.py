"""Scripted stories that move, for the watch digests (tests and `python -m bench.run watch`).

Every story is fictional and written for briefbot. Each step adds articles (or none); its
`expect` lists what the digest of that step should report: (status, words the item must
hold). The first step is the first brief (no expectations on its items).
"""

from __future__ import annotations

import json
from pathlib import Path


def art(title: str, source: str, day: str, *paragraphs: str) -> dict:
    return {
        "title": title,
        "source": source,
        "published_at": f"{day}T09:00:00+00:00",
        "text": "\n\n".join(paragraphs),
    }


KESTREL = {
    "name": "kestrel",
    "topic": "Kestrel Bay floods relief",
    "steps": [
        {
            "articles": [
                art(
                    "Kestrel Bay floods: relief effort begins",
                    "Coast Herald",
                    "2025-03-03",
                    "KESTREL BAY - Relief crews reached the flooded districts of Kestrel Bay on "
                    "Monday after three days of rain.",
                    "The regional disaster agency said 40 people were killed in the Kestrel Bay "
                    "floods.",
                    '"We support the relief fund proposal and we want it agreed quickly," '
                    "Governor Ana Ruiz said on Monday.",
                    "A meeting of donors on the Kestrel Bay floods relief fund is planned for "
                    "March 12.",
                ),
                art(
                    "Relief fund for Kestrel Bay takes shape",
                    "Valley Times",
                    "2025-03-04",
                    "KESTREL BAY - Officials are drawing up a relief fund for families hit by the "
                    "Kestrel Bay floods.",
                    "About 12,000 people have been displaced by the floods, the agency said.",
                ),
            ],
            "expect": [],
        },
        {
            "articles": [
                art(
                    "Kestrel Bay flood toll rises",
                    "Coast Herald",
                    "2025-03-13",
                    "KESTREL BAY - Recovery teams searched the last flooded streets of Kestrel "
                    "Bay on Thursday as the water went down.",
                    "The regional disaster agency revised the toll, saying 52 people were killed "
                    "in the Kestrel Bay floods.",
                    '"We will not support the relief fund proposal as it stands," Governor Ana '
                    "Ruiz said on Thursday.",
                    "The donors' meeting on the Kestrel Bay floods relief fund was held on "
                    "March 12.",
                ),
            ],
            "expect": [
                ("updated", "52"),
                ("updated", "Ruiz"),
                ("updated", "meeting"),
            ],
        },
        {"articles": [], "expect": []},
    ],
}

VARNA = {
    "name": "varna",
    "topic": "Varna Harbour port strike",
    "steps": [
        {
            "articles": [
                art(
                    "Dockers walk out at Varna Harbour",
                    "Port Daily",
                    "2025-05-02",
                    "VARNA - Dock workers at Varna Harbour began an open-ended port strike on "
                    "Friday over pay.",
                    "The port authority offered a pay rise of 4% to the striking workers.",
                    '"We reject the offer, it is far too low," union leader Milen Dragov said '
                    "outside the gates.",
                    "A ballot of union members on the port strike is planned for May 20.",
                ),
            ],
            "expect": [],
        },
        {
            "articles": [
                art(
                    "Varna port strike: a better offer",
                    "Port Daily",
                    "2025-05-09",
                    "VARNA - The Varna Harbour port strike entered its second week on Friday.",
                    "The port authority raised its offer to a pay rise of 6% for the striking "
                    "workers.",
                    '"We welcome the new offer and we accept it as a basis for a deal," union '
                    "leader Milen Dragov said.",
                    "The ballot of union members on the port strike is now planned for May 27.",
                ),
            ],
            "expect": [("updated", "6%"), ("updated", "Dragov"), ("updated", "ballot")],
        },
        {
            "articles": [
                art(
                    "Strike at Varna Harbour: offer stands",
                    "Black Sea Wire",
                    "2025-05-10",
                    "VARNA - The Varna Harbour port strike went on into the weekend.",
                    "The port authority's offer of a pay rise of 6% to striking workers still "
                    "stands, officials said.",
                ),
            ],
            "expect": [],
        },
    ],
}

NORTHGATE = {
    "name": "northgate",
    "topic": "Northgate rail line cost",
    "steps": [
        {
            "articles": [
                art(
                    "Northgate rail line approved",
                    "City Ledger",
                    "2025-02-10",
                    "NORTHGATE - Councillors approved the Northgate rail line on Monday after "
                    "two years of debate.",
                    "The Northgate rail line cost is put at £1.2 billion by the transport "
                    "department.",
                ),
            ],
            "expect": [],
        },
        {
            "articles": [
                art(
                    "Northgate rail line: forecasts differ",
                    "City Ledger",
                    "2025-02-20",
                    "NORTHGATE - Planners published new forecasts for the Northgate rail line on "
                    "Thursday.",
                    "The Northgate rail line will carry 40,000 passengers a day, the planners said.",
                ),
                art(
                    "Northgate line ridership doubted",
                    "Northern Post",
                    "2025-02-20",
                    "NORTHGATE - An independent review of the Northgate rail line came out on "
                    "Thursday.",
                    "The Northgate rail line will carry 60,000 passengers a day, the review said.",
                ),
            ],
            "expect": [("conflicting", "passengers")],
        },
        {
            "articles": [
                art(
                    "Northgate rail line cost climbs",
                    "Northern Post",
                    "2025-03-05",
                    "NORTHGATE - Costs of the Northgate rail line rose again, the transport "
                    "department said on Wednesday.",
                    "The Northgate rail line cost is now put at £1.5 billion by the transport "
                    "department.",
                ),
            ],
            "expect": [("updated", "£1.5 billion")],
        },
    ],
}

ORIN = {
    "name": "orin",
    "topic": "Lake Orin algae beaches",
    "steps": [
        {
            "articles": [
                art(
                    "Algae closes beaches on Lake Orin",
                    "Lakeside News",
                    "2025-07-01",
                    "ORIN - A bloom of blue-green algae spread across Lake Orin on Tuesday.",
                    "Health officials closed 5 beaches on Lake Orin because of the algae.",
                    "A public hearing on the Lake Orin algae is planned for July 15.",
                ),
            ],
            "expect": [],
        },
        {
            "articles": [
                art(
                    "More Lake Orin beaches shut",
                    "Lakeside News",
                    "2025-07-08",
                    "ORIN - The algae bloom on Lake Orin kept growing through the week.",
                    "Health officials have now closed 9 beaches on Lake Orin because of the algae.",
                ),
            ],
            "expect": [("updated", "9 beaches")],
        },
        {
            "articles": [
                art(
                    "Lake Orin hearing takes place",
                    "Orin Courier",
                    "2025-07-16",
                    "ORIN - Residents packed the town hall to talk about the Lake Orin algae.",
                    "The public hearing on the Lake Orin algae was held on July 15.",
                    "Farmers agreed to cut fertiliser use near the lake by a quarter, the "
                    "council said.",
                ),
            ],
            "expect": [("updated", "hearing")],
        },
    ],
}

TESSALY = {
    "name": "tessaly",
    "topic": "Tessaly border ceasefire talks",
    "steps": [
        {
            "articles": [
                art(
                    "Tessaly border talks to open",
                    "Frontier Review",
                    "2025-09-01",
                    "TESSALY - Envoys arrived in the capital on Monday for Tessaly border "
                    "ceasefire talks.",
                    "The army said 18 soldiers are held by the other side of the Tessaly border.",
                    "A summit of both leaders on the Tessaly border ceasefire is planned for "
                    "September 10.",
                ),
            ],
            "expect": [],
        },
        {
            "articles": [
                art(
                    "Tessaly talks: soldiers still held",
                    "Frontier Review Wire",
                    "2025-09-04",
                    "TESSALY - Envoys kept talking on Thursday at the Tessaly border ceasefire "
                    "talks.",
                    "The army said 18 soldiers are held by the other side of the Tessaly border.",
                ),
            ],
            "expect": [("new", "Envoys kept talking")],
        },
        {
            "articles": [
                art(
                    "Tessaly summit held",
                    "Frontier Review",
                    "2025-09-11",
                    "TESSALY - Both leaders shook hands at the Tessaly border ceasefire summit.",
                    "The summit of both leaders on the Tessaly border ceasefire was held on "
                    "September 10.",
                ),
            ],
            "expect": [("updated", "summit")],
        },
        {"articles": [], "expect": []},
    ],
}

STORIES = [KESTREL, VARNA, NORTHGATE, ORIN, TESSALY]


def write_step(folder: Path, story: dict, step: int) -> list[Path]:
    """The articles of one step as JSON files in `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, article in enumerate(story["steps"][step]["articles"]):
        path = folder / f"{story['name']}-{step}-{k}.json"
        path.write_text(json.dumps(article), encoding="utf-8")
        paths.append(path)
    return paths
