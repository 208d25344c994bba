#!/usr/bin/env python3
"""Writes labeled.jsonl: the labeled calls detection is tuned and checked on.

Deterministic (fixed seed). Each call is assembled from hand-written pools of turns per
scenario (what the customer wanted, what the agent offered, why it did not book), then roughened
the way real transcripts are: filler words, typos, ASR-style lowercase without punctuation, and
long calls padded with names, addresses and small talk. The pools were written as people talk,
not from the detector's phrase lists, and some phrasings are deliberately ones the rules do not
know ("let me mull it over").

Run: python3 build_corpus.py > labeled.jsonl
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

from handwritten import scenarios as handwritten
from scenarios import SCENARIOS, TRADES, PADDING, FILLERS, A

R = random.Random(20261121)

TO = {1: "+13035550190", 2: "+17205550191", 3: "+15125550192", 4: "+16155550193"}
AREAS = ["303", "720", "970", "719", "512", "737", "602", "480", "615", "214", "404", "312"]


def roughen_word(w):
    if len(w) >= 6 and R.random() < 0.03 and w.isalpha():
        i = R.randrange(1, len(w) - 2)
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return w


def roughen(text, speaker, asr):
    if speaker == "customer":
        if R.random() < 0.3:
            text = R.choice(FILLERS) + text[0].lower() + text[1:]
        text = " ".join(roughen_word(w) for w in text.split(" "))
    if asr:
        text = text.lower()
        for p in [",", ".", "!", "\u2014"]:
            text = text.replace(p, "")
        text = " ".join(text.split())
    return text


def timed(turns, asr):
    t = round(R.uniform(0.0, 0.6), 2)
    out = []
    for speaker, text in turns:
        if speaker == "hold":
            t += text
            continue
        text = roughen(text, speaker, asr)
        dur = max(1.2, len(text.split()) / R.uniform(2.3, 3.0))
        out.append({"start": round(t, 2), "end": round(t + dur, 2), "speaker": speaker, "text": text})
        t += dur + R.uniform(0.3, 1.1)
    return out


def pad(turns, trade):
    """Inserts the ordinary middle of a booking call after the customer's opening."""
    extra = []
    for pool in R.sample(PADDING, k=R.randint(2, 4)):
        extra.extend(R.choice(pool))
    cut = min(2, len(turns))
    return turns[:cut] + extra + turns[cut:]


def build(index, scenario, trade_key):
    trade = TRADES[trade_key]
    s = scenario["make"](R, trade)
    turns = s.get("turns", [])
    asr = R.random() < 0.2
    if turns and s.get("pad", True) and R.random() < 0.6:
        turns = pad(turns, trade)
    kind = s.get("kind", "answered")
    transcript = timed(turns, asr) if turns else []
    # Real calls include time on hold while the agent checks the schedule; a call the scenario
    # does not mean to be short must clear the 60-second answered rule.
    if kind == "answered" and transcript and transcript[-1]["end"] < 65 and s.get("pad", True):
        hold = R.uniform(66 - transcript[-1]["end"], 100 - transcript[-1]["end"])
        cut = max(2, len(turns) - 3)
        turns = turns[:cut] + [(A, "Let me check on that, can you hold for just a moment?"),
                               ("hold", hold), (A, "Thanks for holding.")] + turns[cut:]
        transcript = timed(turns, asr)
    day = datetime(2026, 10, 1, tzinfo=timezone.utc) + timedelta(days=R.randrange(0, 50))
    started = day + timedelta(hours=R.randint(13, 23), minutes=R.randrange(60), seconds=R.randrange(60))
    if kind == "abandoned":
        answered = None
        ended = started + timedelta(seconds=s["ring"])
    else:
        answered = started + timedelta(seconds=R.randint(3, 35))
        talk = transcript[-1]["end"] + R.uniform(1.5, 6.0) if transcript else s.get("talk", R.randint(75, 600))
        talk = max(talk, s.get("talk", 0))
        if kind == "short":
            talk = min(talk, R.uniform(15, 55))
        ended = answered + timedelta(seconds=talk)
    fmt = lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" if d else None
    number = f"+1{R.choice(AREAS)}55501{R.randrange(100):02d}"
    return {
        "kind": "call",
        "call_id": f"CA{R.getrandbits(48):012x}",
        "account": trade["account"],
        "direction": s.get("direction", "inbound"),
        "from": TO[trade["account"]] if s.get("direction") == "outbound" else number,
        "to": number if s.get("direction") == "outbound" else TO[trade["account"]],
        "started_at": fmt(started),
        "answered_at": fmt(answered),
        "ended_at": fmt(ended),
        "agent": None if answered is None else 100 + R.randrange(20),
        "booked": s.get("booked", False),
        "reason": s.get("reason"),
        "csr_notes": s.get("notes"),
        "recording": None,
        "transcript": transcript,
        "label": s["label"],
        "note": f"{scenario['name']}: {s['note']}",
    }


def main():
    lines = []
    for scenario in SCENARIOS + handwritten():
        trades = scenario.get("trades", list(TRADES))
        for i in range(scenario["count"]):
            trade_key = trades[(i + R.randrange(len(trades))) % len(trades)]
            lines.append(build(len(lines), scenario, trade_key))
    R.shuffle(lines)
    for line in lines:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
