#!/usr/bin/env bash
# build-aux/demo-cli.sh: a tour of throughgate-cli on a synthetic caseload.
# './run demo' builds the tree and then runs this script.
#
# Everything lives in a temporary directory that is removed on exit: the
# encrypted store, the PIN file, and a throwaway login keyring on a private
# D-Bus session. The demo always uses that private keyring, never the
# desktop's: its store is deleted at the end, so a key left in the real
# keyring would be an orphan, and a locked real keyring would pop up a prompt.
#
# All people, prison numbers and NHS numbers are invented. NHS numbers come
# from the 999 range, which is never issued, and carry a valid check digit.
#
# Set THROUGHGATE_CLI to run another build of the CLI.

set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cli=${THROUGHGATE_CLI:-$root/build/src/cli/throughgate-cli}
readonly demo_pin=246810
# The private keyring is thrown away at exit; its password protects nothing.
readonly keyring_password=throughgate-demo

# Stage 1: make the temporary directory, then run stage 2 on a private bus.
if [ -z "${TG_DEMO_TMPDIR:-}" ]; then
  if [ ! -x "$cli" ]; then
    echo "demo: $cli not found; build first with ./run demo" >&2
    exit 1
  fi

  tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/throughgate-demo.XXXXXXXX")
  trap 'rm -rf -- "$tmpdir"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$tmpdir/data" "$tmpdir/xdg-data" "$tmpdir/runtime"
  chmod 0700 "$tmpdir" "$tmpdir/runtime"

  export TG_DEMO_TMPDIR="$tmpdir"
  export XDG_DATA_HOME="$tmpdir/xdg-data"
  export XDG_RUNTIME_DIR="$tmpdir/runtime"
  unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL DISPLAY WAYLAND_DISPLAY

  status=0
  dbus-run-session -- "$root/build-aux/demo-cli.sh" "$@" || status=$?
  exit "$status"
fi

# Stage 2: inside the private session.
tmpdir=$TG_DEMO_TMPDIR
data=$tmpdir/data
pin_file=$tmpdir/pin

if ! printf '%s' "$keyring_password" |
       gnome-keyring-daemon --unlock --components=secrets >/dev/null; then
  echo "demo: could not start gnome-keyring-daemon" >&2
  exit 1
fi
# The daemon forks before it owns its bus name; wait so that the CLI does not
# make the bus activate a second one.
if ! gdbus wait --session --timeout 10 org.freedesktop.secrets; then
  echo "demo: no Secret Service on the private bus" >&2
  exit 1
fi

(
  umask 077
  printf '%s' "$demo_pin" >"$pin_file"
)

tg ()
{
  "$cli" --data-dir "$data" --pin-file "$pin_file" "$@"
}

# Reads {"id": "..."} on stdin and prints the id.
json_id ()
{
  python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}

# Prints the 10-digit NHS number for a 9-digit stem, or fails when the stem
# has no valid check digit: weights 10..2, check = 11 - (sum mod 11), where
# 11 becomes 0 and 10 means the stem is unusable.
nhs_number ()
{
  local stem=$1 sum=0 i check

  for ((i = 0; i < 9; i++)); do
    sum=$((sum + ${stem:i:1} * (10 - i)))
  done
  check=$((11 - sum % 11))
  if [ "$check" -eq 11 ]; then
    check=0
  fi
  if [ "$check" -eq 10 ]; then
    return 1
  fi
  printf '%s%s\n' "$stem" "$check"
}

# Prints the date N days from today, moved on to the Monday when it falls on
# a weekend (prisons release on working days).
working_day_in ()
{
  local date

  date=$(date -d "+$1 days" +%F)
  case $(date -d "$date" +%u) in
    6) date=$(date -d "$date +2 days" +%F) ;;
    7) date=$(date -d "$date +1 day" +%F) ;;
  esac
  printf '%s\n' "$date"
}

heading ()
{
  printf '\n== %s ==\n' "$*"
}

heading "Create the encrypted store (key in the keyring, bound to the PIN)"
tg init

# given|family|prison number|date of birth|release: a working day N days
# ahead, the coming Friday, or none (on remand). Connor's release falls
# outside the 14-day gate list.
clients=(
  "Dale|Whitcombe|A4821DK|1986-03-14|1"
  "Marcus|Oyelaran|A7310FT|1992-11-02|3"
  "Sian|Prothero|A2598HL|1979-07-25|friday"
  "Kieran|Ashdown|A9046MP|1998-01-30|5"
  "Jodie|Farrant|A3377RW|1990-05-19|8"
  "Lewis|Hartigan|A6154GN|1983-09-08|11"
  "Connor|Redfern|A8802JB|2001-12-11|40"
  "Priya|Lakhani|A1469TC|1975-04-03|"
)

heading "Add ${#clients[@]} synthetic clients"
declare -a ids=()
stem=999000001
for entry in "${clients[@]}"; do
  IFS='|' read -r given family prison dob release <<<"$entry"

  until nhs=$(nhs_number "$stem"); do
    stem=$((stem + 1))
  done
  stem=$((stem + 1))

  id=$(tg client add --given "$given" --family "$family" \
         --prison-number "$prison" --dob "$dob" --nhs-number "$nhs" \
         --team "Nottingham in-reach" --json | json_id)
  ids+=("$id")
  printf '%-8s %-10s %s  NHS %s  id %s\n' "$given" "$family" "$prison" \
    "$nhs" "$id"

  if [ -n "$release" ]; then
    if [ "$release" = friday ]; then
      # Today when today is a Friday, else the coming Friday.
      release_date=$(date -d friday +%F)
    else
      release_date=$(working_day_in "$release")
    fi
    tg release set "$id" confirmed_release_date "$release_date"
  fi
done

heading "Write and sign in-reach notes"
note=$(tg note add "${ids[0]}" --kind in_reach \
         --body "Surgery on B wing. Release plan reviewed; accommodation referral chased with the council, GP registration form completed." \
         --json | json_id)
tg note sign "$note"
note=$(tg note add "${ids[2]}" --kind in_reach \
         --body "Friday release: earlier release agreed for Thursday. Naloxone kit and training given; first community treatment appointment booked." \
         --json | json_id)
tg note sign "$note"
tg note add "${ids[3]}" --kind in_reach \
  --body "Draft: wants help opening a bank account before release; ID documents to check." \
  >/dev/null
tg note list "${ids[2]}"

heading "Caseload"
tg client list

heading "Gate list, next 14 days"
tg gate-list --days 14

heading "The store on disk reads as noise"
shopt -s nullglob
store_files=("$data"/*.db)
shopt -u nullglob
if [ "${#store_files[@]}" -eq 0 ]; then
  mapfile -t store_files < <(find "$data" -type f | sort)
fi
for f in "${store_files[@]}"; do
  printf '%s, first 256 bytes:\n' "${f#"$tmpdir"/}"
  head -c 256 "$f" | od -A x -t x1z | head -n 8
done
# A plain SQLite file starts with "SQLite format 3"; names and numbers would
# be readable in it. Count occurrences in every file the CLI left behind.
for needle in "SQLite format 3" Whitcombe Oyelaran A4821DK 9990000018; do
  count=$(find "$data" -type f -exec cat {} + | grep -a -o -F -- "$needle" |
            wc -l || true)
  printf '%-16s found %s times\n' "'$needle'" "$count"
done
