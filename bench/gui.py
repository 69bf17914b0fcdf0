#!/usr/bin/env python3
"""bench/gui.py: the desktop rows of bench/run, under Xvfb (DISPLAY set).

  gui.py startup APP DATA_DIR RUNS     Throughgate vs GNOME Text Editor
  gui.py memory  APP DATA_DIR PIN IDLE_SECONDS [GSK_RENDERER]

startup: each run starts the program cold (a new process) and times, from
just before the fork, (a) when its first top-level window is mapped, seen
as a MapNotify on the root window by `xev -root -event substructure`, the
same for both programs, and (b) for Throughgate only, its first painted
frame (TG_BENCH_FIRST_FRAME: the app prints CLOCK_MONOTONIC at the first
GdkFrameClock after-paint). GNOME Text Editor opens an empty file with
--standalone (no D-Bus activation of an already running instance).

memory: starts Throughgate, types the PIN into the unlock page with
xdotool, waits for the caseload to load (VmRSS stable for 3 s), then
prints VmRSS and VmHWM; then leaves it untouched for IDLE_SECONDS and
counts context switches of all its threads (voluntary + involuntary, from
/proc/PID/task/*/status): each is a wake-up or a preemption.

Prints "name value" lines. Asserts nothing about time.
"""
import os
import queue
import signal
import subprocess
import sys
import threading
import time


def xev_watch():
    p = subprocess.Popen(["stdbuf", "-oL", "xev", "-root", "-event", "substructure"],
                         stdout=subprocess.PIPE, text=True)
    q = queue.Queue()

    def reader():
        for line in p.stdout:
            if line.startswith("MapNotify"):
                q.put(time.monotonic())
    threading.Thread(target=reader, daemon=True).start()
    time.sleep(0.5)
    return p, q


def drain(q):
    while not q.empty():
        q.get_nowait()


def stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def time_start(cmd, env, q, first_frame):
    drain(q)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE if first_frame else subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, text=True)
    frame = None
    if first_frame:
        for line in p.stdout:
            if line.startswith("first-frame "):
                frame = int(line.split()[1]) / 1e6 - t0
                break
    mapped = q.get(timeout=60) - t0
    time.sleep(1.0)
    rss = status(p.pid, "VmRSS")
    stop(p)
    time.sleep(0.5)
    return mapped, frame, rss


def startup(app, data_dir, runs):
    xev, q = xev_watch()
    env = dict(os.environ, TG_BENCH_FIRST_FRAME="1")
    empty = os.path.join(os.environ.get("TMPDIR", "/tmp"), "tg-bench-empty.txt")
    open(empty, "w").close()
    te_env = dict(os.environ)
    # Warm both once (page cache), as a cold start on a desktop is one whose
    # libraries are already in memory from the session.
    time_start([app, "--data-dir", data_dir], env, q, True)
    time_start(["gnome-text-editor", "--standalone", empty], te_env, q, False)
    for _ in range(runs):
        m, f, rss = time_start([app, "--data-dir", data_dir], env, q, True)
        print(f"tg_map_ms {m * 1000:.1f}")
        print(f"tg_first_frame_ms {f * 1000:.1f}")
        print(f"tg_start_rss_kb {rss}")
        m, _, rss = time_start(["gnome-text-editor", "--standalone", empty], te_env, q, False)
        print(f"te_map_ms {m * 1000:.1f}")
        print(f"te_rss_kb {rss}")
        sys.stdout.flush()
    stop(xev)


def status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def switches(pid):
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def per_thread(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            n = 0
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        n += int(line.split()[1])
            out[f"{name}/{tid}"] = n
        except FileNotFoundError:
            pass
    return out


def memory(app, data_dir, pin, idle, renderer=None):
    xev, q = xev_watch()
    env = dict(os.environ)
    if renderer:
        env["GSK_RENDERER"] = renderer
    p = subprocess.Popen([app, "--data-dir", data_dir], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env)
    q.get(timeout=60)
    time.sleep(2)
    wid = subprocess.run(["xdotool", "search", "--pid", str(p.pid)], capture_output=True,
                         text=True).stdout.split()
    if wid:
        subprocess.run(["xdotool", "windowfocus", "--sync", wid[-1]], capture_output=True)
    subprocess.run(["xdotool", "type", "--delay", "50", pin])
    subprocess.run(["xdotool", "key", "Return"])
    print(f"locked_rss_kb_before_unlock {status(p.pid, 'VmRSS')}")
    last, stable_since, t0 = -1, time.monotonic(), time.monotonic()
    while time.monotonic() - t0 < 120:
        rss = status(p.pid, "VmRSS")
        if abs(rss - last) > 256:
            last, stable_since = rss, time.monotonic()
        elif time.monotonic() - stable_since > 3 and rss > 0:
            break
        time.sleep(0.25)
    print(f"rss_kb {status(p.pid, 'VmRSS')}")
    print(f"hwm_kb {status(p.pid, 'VmHWM')}")
    sys.stdout.flush()
    if idle > 0:
        # GTK stops blinking the text cursor 10 s after the last input
        # (gtk-cursor-blink-timeout); the blink redraws every frame until
        # then. Start counting once it has stopped.
        time.sleep(15)
        s0 = switches(p.pid)
        t0 = per_thread(p.pid)
        time.sleep(idle)
        s1 = switches(p.pid)
        t1 = per_thread(p.pid)
        for k in sorted(t1):
            d = t1[k] - t0.get(k, 0)
            if d:
                print(f"# idle thread {k}: {d} switches in {idle} s", file=sys.stderr)
        print(f"idle_seconds {idle}")
        print(f"idle_switches {s1 - s0}")
        print(f"idle_switches_per_minute {(s1 - s0) * 60.0 / idle:.1f}")
    stop(p)
    stop(xev)


if __name__ == "__main__":
    if sys.argv[1] == "startup":
        startup(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == "memory":
        memory(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]),
               sys.argv[6] if len(sys.argv) > 6 else None)
