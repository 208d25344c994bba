#!/usr/bin/env python3
"""Turns the vendored web-platform-tests WebVTT parsing sources into cases.json.

Run from this folder: python3 wpt_to_cases.py

Each support/*.test file is in WPT's own format (see README.md): a title, HTML metadata, a
blank line, JavaScript assertions, a "===" line, then the WebVTT file with backslash escapes.
For the two tests whose source we could not find, generated/ holds the page and WebVTT file
that build.py made from it, and the assertions are read from the page. This script decodes the
WebVTT file the way WPT's tools/build.py does, reads the assertions
we compare (cue count, and each cue's text, startTime and endTime), and lists the other
properties the test asserts (ids, settings, regions, style sheets), which we do not check.

Assertions written as JavaScript loops cannot be read by a pattern; those few are transcribed
by hand in LOOPS below. DEVIATIONS holds what our reader deliberately does differently, and why;
both are copied into cases.json so the data file carries its own reasons.
"""
import ast
import glob
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))

# Transcribed from the forEach loops of the tests named (values in seconds).
LOOPS = {
    "timings-negative": [
        {"index": 0, "text": "text1", "start": 0, "end": 0},
        {"index": 1, "text": "text2", "start": 1, "end": 0.999},
        {"index": 2, "text": "text3", "start": 60, "end": 59.999},
        {"index": 3, "text": "text4", "start": 3600, "end": 3599.999},
    ],
    "timings-omitted-hours": [
        {"index": i, "text": f"text{i + 1}", "start": 0, "end": 1} for i in range(3)
    ],
}

DEVIATIONS = {
    "timings-negative": {
        "cues": 1,
        "expect": [{"index": 0, "text": "text1", "start": 0, "end": 0}],
        "reason": "A cue that ends before it starts is kept by browsers (it is simply never "
        "shown) but is not a stretch of a phone call: we skip it and report it as a problem "
        "with its line, so an export with broken timings is seen instead of read silently.",
    },
}

ASSERT_COUNT = re.compile(r"assert_equals\(cues\.length,\s*(\d+)")
ASSERT_CUE = re.compile(r"assert_equals\((cues\[(\d+)\]|cue)\.(\w+),\s*(.+?)\);\s*$", re.M)
VAR_CUE = re.compile(r"var cue = cues\[(\d+)\];")
PROPERTY = re.compile(r"(?:cues\[[^\]]+\]|cue|regions\[[^\]]+\]|region\d?|\bcue\b)\.(\w+)")
CHECKED = {"length", "text", "startTime", "endTime", "region"}
KEYS = {"text": "text", "startTime": "start", "endTime": "end"}


def split_test(source):
    header, body = source.split("\n\n", 1)
    title = header.split("\n", 1)[0]
    js, vtt = body.split("===\n", 1)
    # As WPT's build.py: the file part is written with Python's unicode_escape codec.
    return title, js, bytes(vtt, "utf-8").decode("unicode_escape")


def read_assertions(js, loops):
    count = ASSERT_COUNT.search(js)
    expect = {}
    current = None
    for line in js.splitlines():
        var = VAR_CUE.search(line)
        if var:
            current = int(var.group(1))
            continue
        m = ASSERT_CUE.search(line)
        if loops or not m or m.group(3) not in KEYS:
            continue
        index = current if m.group(1) == "cue" else int(m.group(2))
        value = ast.literal_eval(m.group(4).split(", '")[0])
        expect.setdefault(index, {"index": index})[KEYS[m.group(3)]] = value
    unchecked = sorted({p for p in PROPERTY.findall(js)} - CHECKED)
    if "document.styleSheets" in js:
        unchecked.append("styleSheets")
    if re.search(r"\.region\b", js):
        unchecked.append("region")
    return (int(count.group(1)) if count else None), [expect[k] for k in sorted(expect)], unchecked


def main():
    cases = []
    for path in sorted(glob.glob(os.path.join(HERE, "support", "*.test"))):
        name = os.path.basename(path)[: -len(".test")]
        with open(path, encoding="utf-8", newline="") as f:
            title, js, vtt = split_test(f.read())
        count, expect, unchecked = read_assertions(js, loops=name in LOOPS)
        if name in LOOPS:
            expect = LOOPS[name]
        case = {
            "name": name,
            "title": title,
            "source": f"support/{name}.test",
            "vtt": vtt,
            "cues": count,
            "expect": expect,
            "unchecked": unchecked,
        }
        if name in DEVIATIONS:
            case["deviation"] = DEVIATIONS[name]
        cases.append(case)
    # Tests whose source was not found, only WPT's generated page and WebVTT file.
    for path in sorted(glob.glob(os.path.join(HERE, "generated", "*.html"))):
        name = os.path.basename(path)[: -len(".html")]
        with open(path, encoding="utf-8", newline="") as f:
            page = f.read()
        title = re.search(r"<title>WebVTT parser test: (.*)</title>", page).group(1)
        js = page.split("var cues = video.textTracks[0].cues;\n    {\n", 1)[1]
        js = js.split("\n    }\n    this.done();", 1)[0]
        with open(os.path.join(HERE, "generated", "support", f"{name}.vtt"), encoding="utf-8", newline="") as f:
            vtt = f.read()
        count, expect, unchecked = read_assertions(js, loops=False)
        cases.append(
            {
                "name": name,
                "title": title,
                "source": f"generated/{name}.html",
                "vtt": vtt,
                "cues": count,
                "expect": expect,
                "unchecked": unchecked,
            }
        )
    for path in sorted(glob.glob(os.path.join(HERE, "invalid", "*.vtt"))):
        name = os.path.basename(path)[: -len(".vtt")]
        with open(path, encoding="utf-8", newline="") as f:
            vtt = f.read()
        # WPT's signature-invalid test expects the track to fail to load (an error event).
        cases.append(
            {"name": name, "title": name, "source": f"invalid/{name}.vtt", "vtt": vtt, "error": True}
        )
    with open(os.path.join(HERE, "cases.json"), "w", encoding="utf-8") as f:
        json.dump({"cases": cases}, f, indent=1, ensure_ascii=True)
        f.write("\n")
    print(f"{len(cases)} cases, {sum('deviation' in c for c in cases)} deviations")


if __name__ == "__main__":
    main()
