#!/usr/bin/env python3
"""bench/table.py: turns the "name value" lines bench/run collected (one
file per row in OUT_DIR) into the results table: median, min and max of
every run, and each ratio against its peer from the same run. Prints the
table and writes it as markdown to RESULTS.

  table.py OUT_DIR RESULTS "header line"
"""
import os
import statistics
import sys

out_dir, results, header = sys.argv[1], sys.argv[2], sys.argv[3]


def values(row, name):
    path = os.path.join(out_dir, row + ".txt")
    if not os.path.exists(path):
        return []
    vals = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[0] == name:
                try:
                    vals.append(float(parts[1]))
                except ValueError:
                    pass
    return vals


def fmt(v, unit):
    if v is None:
        return "—"
    if unit in ("MB", "KB"):
        return f"{v:.1f} {unit}"
    if unit == "ms":
        return f"{v:.2f} ms" if v < 10 else f"{v:.0f} ms"
    if unit == "s":
        return f"{v:.2f} s"
    if unit == "/s":
        return f"{v:,.0f}/s"
    if v >= 10000:
        return f"{v:,.0f}{(' ' + unit) if unit else ''}"
    return f"{v:g}{(' ' + unit) if unit else ''}"


def stat(row, name, scale=1.0):
    v = [x * scale for x in values(row, name)]
    if not v:
        return None
    return (statistics.median(v), min(v), max(v), len(v))


rows = []


def add(label, row, name, unit, scale=1.0, peer=None, ratio_note="", target="", note=""):
    s = stat(row, name, scale)
    ratio = ""
    if s and peer:
        p = stat(peer[0], peer[1], peer[2] if len(peer) > 2 else 1.0)
        if p and p[0]:
            ratio = f"{s[0] / p[0]:.2f}× {ratio_note}".strip()
    if s is None:
        rows.append((label, "not measured", "", "", "", ratio, target, note))
    else:
        rows.append((label, fmt(s[0], unit), fmt(s[1], unit), fmt(s[2], unit), str(s[3]),
                     ratio, target, note))


add("1. Throughgate start → first frame (unlock page, 5,000-client store)", "startup", "tg_first_frame_ms", "ms",
    peer=("startup", "te_map_ms"), ratio_note="of Text Editor's map",
    target="≤ GNOME Text Editor", note="GdkFrameClock after-paint (TG_BENCH_FIRST_FRAME)")
add("1. Throughgate start → window mapped", "startup", "tg_map_ms", "ms",
    peer=("startup", "te_map_ms"), ratio_note="of Text Editor",
    target="≤ GNOME Text Editor", note="MapNotify on the root window (xev)")
add("1. peer: GNOME Text Editor, empty file → window mapped", "startup", "te_map_ms", "ms",
    note="--standalone; MapNotify on the root window (xev)")
add("2. resident memory, 10,000 clients, caseload shown (VmRSS)", "memory", "rss_kb", "MB", 1 / 1024,
    target="≤ 120 MB")
add("2. peak resident memory (VmHWM)", "memory", "hwm_kb", "MB", 1 / 1024)
add("2. resident memory, 10,000 clients, GSK_RENDERER=cairo", "memory-cairo", "rss_kb", "MB", 1 / 1024,
    target="≤ 120 MB", note="no GL: llvmpipe's share left out")
add("2. resident memory, 10,000 clients, GSK_RENDERER=ngl", "memory-ngl", "rss_kb", "MB", 1 / 1024,
    target="≤ 120 MB", note="GTK 4.8's newer GL renderer, on llvmpipe")
add("2. resident memory while locked, GSK_RENDERER=cairo", "memory-cairo", "locked_rss_kb_before_unlock",
    "MB", 1 / 1024, note="the toolkit and the unlock page, no GL")
add("2. Throughgate, unlock page, 1 s after start (VmRSS)", "startup", "tg_start_rss_kb", "MB", 1 / 1024,
    peer=("startup", "te_rss_kb", 1 / 1024), ratio_note="of Text Editor")
add("2. peer: GNOME Text Editor, empty file, 1 s after start (VmRSS)", "startup", "te_rss_kb", "MB", 1 / 1024)
add("2. resident memory while locked, before unlocking", "memory", "locked_rss_kb_before_unlock", "MB",
    1 / 1024)
add("2. resident memory, 5,000 clients, caseload shown (VmRSS)", "memory5k", "rss_kb", "MB", 1 / 1024)
add("3. caseload search, median per query (10,000 / 200,000)", "search", "search_median_ms", "ms",
    target="≤ 10 ms", note="20 typed prefixes, per keystroke")
add("3. caseload search, slowest query", "search", "search_max_ms", "ms")
add("6. apply 100,000 received field changes (store)", "apply", "apply_per_second", "/s",
    peer=("apply", "bare_per_second"), ratio_note="of bare insert",
    target="≥ 0.5× bare; > Yjs", note="tg_store_apply_changes, one transaction")
add("6. apply, Throughgate vs Yjs", "apply", "apply_per_second", "/s",
    peer=("yjs", "yjs_per_second"), ratio_note="of Yjs")
add("6. peer: bare SQLCipher bulk insert, same rows", "apply", "bare_per_second", "/s",
    note="same key, 4 KiB pages, WAL, synchronous=FULL, one transaction")
add("6. peer: Yjs applying the same field updates", "yjs", "yjs_per_second", "/s",
    note="Y.applyUpdate, one update per field")
add("8. context switches while idle, unlocked, offline (after the cursor blink stops)", "memory",
    "idle_switches_per_minute", "/min",
    target="no periodic wake-ups but the lock timer",
    note="all threads, voluntary + involuntary, /proc/PID/task/*/status")

add("5. incremental sync of 100 changed fields: round trips", "sync", "incr_round_trips", "",
    target="1 round trip", note="throughgate-cli sync --json, HTTPS to the real server on 127.0.0.1")
add("5. incremental sync of 100 changed fields: bytes on the wire", "sync", "incr_bytes", "KB", 1 / 1000,
    target="≤ 20 KB", note="both directions, TLS handshake included, counted by a TCP relay")
add("5. Throughgate vs PouchDB: bytes", "sync", "incr_bytes", "KB", 1 / 1000,
    peer=("pouch", "pouch_incr_bytes", 1 / 1000), ratio_note="of PouchDB")
add("5. peer: PouchDB, same 100 fields in 10 docs: round trips", "pouch", "pouch_incr_round_trips", "",
    note="PouchDB versions whole documents; plain HTTP (no TLS), keep-alive; HTTP requests counted")
add("5. peer: PouchDB, same 100 fields in 10 docs: bytes", "pouch", "pouch_incr_bytes", "KB", 1 / 1000,
    note="express-pouchdb on 127.0.0.1, plain HTTP, counted by a TCP relay")
add("5. peer: PouchDB: time", "pouch", "pouch_incr_ms", "ms", note="replicate.to, in-process")
add("5. incremental sync of 100 changed fields: time", "sync", "incr_ms", "ms",
    note="whole CLI process: store open, keyring, TLS, push, pull")

add("7. server, 200 devices × 100 changes at once: sync p99", "load", "load_p99_ms", "ms",
    target="≤ 250 ms, 0 errors",
    note="bench/tg-load: 200 devices, libcurl multi, HTTPS on 127.0.0.1, one warm TLS connection each")
add("7. server, 200 devices at once: sync p50", "load", "load_p50_ms", "ms",
    note="each sync pushes 100 fields of 10 new clients and pulls its team's (teams of 10)")
add("7. server, 200 devices at once: errors", "load", "load_errors", "",
    target="0", note="transport failures and answers other than 200, enrolment included")
add("7. server, 200 devices at once: all 200 answered", "load", "load_wall_ms", "ms",
    note="wall time from the 200 requests' start to the last answer")
add("7. server, 200 devices, syncs spread over 60 s: sync p99", "load-spread", "load_p99_ms", "ms",
    target="≤ 250 ms, 0 errors",
    note="as above, each device's sync started at a uniformly random offset in 60 s (tg-load --spread 60, seed = run number)")
add("7. server, 200 devices spread over 60 s: sync p50", "load-spread", "load_p50_ms", "ms")
add("7. server, 200 devices spread over 60 s: errors", "load-spread", "load_errors", "",
    target="0", note="transport failures and answers other than 200, enrolment included")

add("4. first sync of a new device: time", "firstsync", "first_sync_s", "s",
    peer=("pouch-first", "pouch_first_s"), ratio_note="of PouchDB's time",
    target="≥ 5× faster than PouchDB (≤ 0.2×)",
    note="throughgate-cli --json sync of a newly enrolled worker of the 8,000-client team, whole process, HTTPS")
add("4. first sync: records' fields pulled", "firstsync", "first_pulled", "")
add("4. first sync: round trips", "firstsync", "first_round_trips", "",
    note="pages of up to 5,000 fields (the server's largest)")
add("4. first sync: bytes on the wire", "firstsync", "first_bytes", "MB", 1 / 1e6,
    peer=("pouch-first", "pouch_first_bytes", 1 / 1e6), ratio_note="of PouchDB",
    note="both directions, TLS included, counted by a TCP relay")
add("4. peer: PouchDB first replication, same records: time", "pouch-first", "pouch_first_s", "s",
    note="PouchDB versions whole documents; plain HTTP (no TLS); express-pouchdb → fresh local PouchDB, both memory adapter")
add("4. peer: PouchDB: documents", "pouch-first", "pouch_first_docs", "")
add("4. peer: PouchDB: round trips", "pouch-first", "pouch_first_round_trips", "",
    note="HTTP requests of the replication")
add("4. peer: PouchDB: bytes", "pouch-first", "pouch_first_bytes", "MB", 1 / 1e6,
    note="plain HTTP, counted by a TCP relay")

cols = ("row", "median", "min", "max", "runs", "ratio (same run)", "target", "how")
md = [header, "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
for r in rows:
    md.append("| " + " | ".join(r) + " |")
text = "\n".join(md) + "\n"
with open(results, "w") as f:
    f.write(text)
print(text)
