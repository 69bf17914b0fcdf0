#!/usr/bin/env python3
# tests/test-flatpak-manifest.py MANIFEST SOURCE_ROOT APP_ID
#
# Checks the Flatpak manifest (docs/flatpak.md) for what can be checked
# without a Flatpak runtime: it parses, it names the app ID that data/ and
# meson give the app, it runs the executable the desktop file starts, every
# downloaded source is pinned by a sha256, the sandbox stays minimal (no
# home or host files, no direct Secret Service or notification daemon), and
# SQLCipher 4 and the project itself are built the way docs/flatpak.md says.
#
# APP_ID is meson's app_id, which is '<id>.Devel' in a development build;
# the manifest always builds the default profile. Prints TAP.

import json
import os
import re
import sys

HEX64 = re.compile(r"^[0-9a-f]{64}$")
SQLCIPHER_4_URL = re.compile(
    r"^https://github\.com/sqlcipher/sqlcipher/archive/(refs/tags/)?v4\.\d+\.\d+\.tar\.gz$"
)
# Permissions that would give the app files outside its own data directory,
# or the whole Secret Service (every app's secrets) instead of the portal.
FORBIDDEN_FILESYSTEMS = re.compile(r"^--filesystem=(home|host|host-os|host-etc|~)([/:].*)?$")
FORBIDDEN_TALK_NAMES = {
    "--talk-name=org.freedesktop.secrets",
    "--talk-name=org.freedesktop.Notifications",
}
REQUIRED_FINISH_ARGS = {
    "--share=network",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--share=ipc",
    "--device=dri",
}

results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))
    return bool(ok)


def sources_of(module):
    for source in module.get("sources", []):
        if isinstance(source, dict):
            yield source


def all_modules(modules):
    for module in modules:
        if isinstance(module, dict):
            yield module
            yield from all_modules(module.get("modules", []))


def main():
    if len(sys.argv) != 4:
        print("usage: test-flatpak-manifest.py MANIFEST SOURCE_ROOT APP_ID", file=sys.stderr)
        return 2
    manifest_path, source_root, meson_app_id = sys.argv[1:]

    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
        parsed = isinstance(manifest, dict)
        error = "" if parsed else "top level is not an object"
    except (OSError, ValueError) as e:
        manifest, parsed, error = {}, False, str(e)
    check(parsed, "manifest parses as JSON", error)

    # The app ID data/ ships its files under (the default profile's).
    data_dir = os.path.join(source_root, "data")
    desktop_ins = sorted(n for n in os.listdir(data_dir) if n.endswith(".desktop.in"))
    data_app_id = desktop_ins[0][: -len(".desktop.in")] if len(desktop_ins) == 1 else None
    check(data_app_id is not None, "data/ holds exactly one desktop file", ", ".join(desktop_ins))

    manifest_id = manifest.get("id", manifest.get("app-id"))
    check(manifest_id == data_app_id, "manifest id is the app ID of data/",
          f"manifest {manifest_id!r}, data/ {data_app_id!r}")
    expected_meson_id = manifest_id if not meson_app_id.endswith(".Devel") else f"{manifest_id}.Devel"
    check(meson_app_id == expected_meson_id, "manifest id matches meson's app_id",
          f"manifest {manifest_id!r}, meson {meson_app_id!r}")
    check(manifest_id == os.path.basename(manifest_path)[: -len(".json")],
          "manifest file is named after the app ID", os.path.basename(manifest_path))

    # The command is the executable the desktop file starts.
    exec_line = None
    if data_app_id is not None:
        with open(os.path.join(data_dir, desktop_ins[0]), encoding="utf-8") as f:
            for line in f:
                if line.startswith("Exec="):
                    exec_line = line[len("Exec="):].split()[0]
                    break
    check(manifest.get("command") == "throughgate", "command is throughgate",
          repr(manifest.get("command")))
    check(manifest.get("command") == exec_line, "command is what the desktop file runs",
          f"command {manifest.get('command')!r}, Exec {exec_line!r}")

    # The GNOME runtime, a version with GTK 4 and libadwaita >= 1.2 (45+).
    version = str(manifest.get("runtime-version", ""))
    check(manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk",
          "GNOME runtime and SDK", f"{manifest.get('runtime')!r} / {manifest.get('sdk')!r}")
    check(version.isdigit() and int(version) >= 45, "GNOME runtime version is 45 or later",
          repr(version))

    # Every downloaded source pinned by its sha256, over HTTPS.
    modules = list(all_modules(manifest.get("modules", [])))
    check(len(modules) > 0, "manifest has modules")
    for module in modules:
        for source in sources_of(module):
            kind = source.get("type")
            if kind in ("archive", "file"):
                label = f"{module.get('name')}: {source.get('url', source.get('path'))}"
                if "url" in source:
                    check(str(source["url"]).startswith("https://"),
                          f"{label} is fetched over HTTPS")
                    check(HEX64.match(str(source.get("sha256", ""))) is not None,
                          f"{label} has a 64-hex sha256", repr(source.get("sha256")))
            elif kind == "git":
                check(re.match(r"^[0-9a-f]{40}$", str(source.get("commit", ""))) is not None,
                      f"{module.get('name')}: git source pinned to a commit")

    # The sandbox: what the app needs and nothing more.
    finish_args = manifest.get("finish-args", [])
    for arg in sorted(REQUIRED_FINISH_ARGS):
        check(arg in finish_args, f"finish-args grant {arg}")
    bad_fs = [a for a in finish_args if FORBIDDEN_FILESYSTEMS.match(a)]
    check(not bad_fs, "finish-args give no home or host files", ", ".join(bad_fs))
    bad_talk = [a for a in finish_args if a in FORBIDDEN_TALK_NAMES]
    check(not bad_talk, "finish-args talk to no Secret Service or notification daemon "
          "(both go through portals)", ", ".join(bad_talk))
    check("--socket=x11" not in finish_args, "X11 only as a fallback to Wayland")
    unknown = [a for a in finish_args if a not in REQUIRED_FINISH_ARGS]
    check(not unknown, "finish-args grant nothing beyond the documented set", ", ".join(unknown))

    # SQLCipher 4 from its release archive, built as upstream documents.
    names = [m.get("name") for m in modules]
    sqlcipher = next((m for m in modules if m.get("name") == "sqlcipher"), None)
    if check(sqlcipher is not None, "a sqlcipher module"):
        urls = [s.get("url", "") for s in sources_of(sqlcipher) if s.get("type") == "archive"]
        check(len(urls) == 1 and SQLCIPHER_4_URL.match(urls[0]) is not None,
              "sqlcipher is a SQLCipher 4 release archive", ", ".join(urls))
        opts = sqlcipher.get("config-opts", [])
        check("--enable-tempstore=yes" in opts, "sqlcipher configured with --enable-tempstore=yes")
        check(any(o.startswith("--with-crypto-lib") for o in opts),
              "sqlcipher configured with a crypto library")
        cflags = sqlcipher.get("build-options", {}).get("cflags", "") + " " + " ".join(opts)
        check("-DSQLITE_HAS_CODEC" in cflags, "sqlcipher compiled with -DSQLITE_HAS_CODEC")
        check("-DSQLITE_ENABLE_FTS3" in cflags or "-DSQLITE_ENABLE_FTS4" in cflags,
              "sqlcipher compiled with FTS4 (the caseload search index)")

    # The project itself, last, with meson, without tests, default profile.
    project = modules[-1] if modules else {}
    check(project.get("name") == "throughgate", "the last module is the project",
          repr(project.get("name")))
    check(project.get("buildsystem") == "meson", "the project builds with meson",
          repr(project.get("buildsystem")))
    opts = project.get("config-opts", [])
    check("-Dtests=false" in opts, "the project is configured with -Dtests=false")
    check("-Dprofile=default" in opts, "the project is configured with -Dprofile=default")
    with open(os.path.join(source_root, "meson_options.txt"), encoding="utf-8") as f:
        declared = set(re.findall(r"option\(\s*'([^']+)'", f.read()))
    used = {o[2:].split("=", 1)[0] for o in opts if o.startswith("-D")}
    check(used <= declared, "the project's -D options are declared in meson_options.txt",
          ", ".join(sorted(used - declared)))
    dirs = [s for s in sources_of(project) if s.get("type") == "dir"]
    check(len(dirs) == 1 and os.path.realpath(
              os.path.join(os.path.dirname(manifest_path), dirs[0].get("path", "")))
          == os.path.realpath(source_root),
          "the project is built from this source tree")
    if sqlcipher is not None and "throughgate" in names:
        check(names.index("sqlcipher") < names.index("throughgate"),
              "sqlcipher is built before the project")

    print(f"1..{len(results)}")
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok and detail:
            print(f"# {detail}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
