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

# Prints the date N days ago, moved back to the Friday when it falls on a
# weekend.
working_day_ago ()
{
  local date

  date=$(date -d "-$1 days" +%F)
  case $(date -d "$date" +%u) in
    6) date=$(date -d "$date -1 day" +%F) ;;
    7) date=$(date -d "$date -2 days" +%F) ;;
  esac
  printf '%s\n' "$date"
}

days_ago ()
{
  date -d "-$1 days" +%F
}

heading "One person from first contact inside to the first appointment outside"
first=$(working_day_ago 84)
released=$(working_day_ago 4)
engaged=$(days_ago 1)
until nhs=$(nhs_number "$stem"); do
  stem=$((stem + 1))
done
tom=$(tg client add --given Tom --family Castleton --prison-number A5512QR \
        --dob 1988-08-08 --nhs-number "$nhs" --team "Nottingham in-reach" \
        --establishment "HMP Nottingham" --custody-status sentenced --json | json_id)
printf 'Tom Castleton, A5512QR, id %s; first seen %s\n' "$tom" "$first"

heading "Surgery at HMP Nottingham on $first: triage, risk assessment, a note"
session=$(tg session start --place hmp_nottingham --detail "Healthcare wing surgery" \
            --date "$first")
tg contact add "$tom" --kind triage --at "${first}T09:30:00Z" >/dev/null
tg contact add "$tom" --kind risk_assessment --at "${first}T09:45:00Z" >/dev/null
tg client set "$tom" treatment_start "$first"
tg note add "$tom" --kind in_reach --session "$session" --occurred-at "${first}T10:00:00Z" \
  --body "Triage and risk assessment done. Using heroin and crack before custody; wants help with housing on release." \
  >/dev/null
tg session show "$session"

heading "TOP at start, care plan with a goal, a referral"
tg top add "$tom" --stage start --completed-on "$first" \
  --alcohol-days 2 --alcohol-units 8 --opiates-days 20 --opiates-grams 0.5 \
  --crack-days 12 --crack-grams 0.25 --cocaine-days 0 --amphetamines-days 0 \
  --cannabis-days 0 --other-substance-days 0 --injecting-days 0 \
  --shoplifting-days 6 --selling-drugs-days 0 --theft-days 0 --violence-days 0 \
  --psychological-health 8 --physical-health 10 --quality-of-life 6 \
  --paid-work-days 0 --education-days 0 --acute-housing-problem true --eviction-risk false \
  >/dev/null
plan=$(tg care-plan add "$tom" --start "$first" --end "$(date -d '+98 days' +%F)")
goal=$(tg goal add "$plan" --what "Somewhere to live on release" \
         --measure "Hostel place or tenancy confirmed in writing" \
         --target "$(days_ago 10)")
tg goal set "$goal" status in_progress
tg referral add "$tom" --service "Housing options" --need-identified "$first" \
  --referred "$(days_ago 80)" >/dev/null
for week in 77 70 63 56; do
  tg contact add "$tom" --kind weekly_contact --at "$(days_ago "$week")T10:00:00Z" >/dev/null
done
tg care-plan review "$plan" --reason scheduled --on "$(days_ago 7)"
tg care-plan list "$tom"
tg referral list "$tom"
tg contact list "$tom"

heading "Release checklist, filled before release on $released"
tg release set "$tom" confirmed_release_date "$released" confirmed_on "$(days_ago 6)" \
  confirmed_by "Offender management unit" sentence_start "$(days_ago 200)" \
  release_type standard release_time 08:30 gate "Main gate" \
  accommodation "Hostel, Hope Street" gp_registered true \
  treatment_provider "Community recovery service" \
  treatment_appointment_at "${engaged}T10:00:00Z" ost_needed false \
  naloxone_supplied true id_documents "Birth certificate" bank_account true \
  universal_credit_claim true jobcentre_appointment_at "${released}T14:00:00Z" \
  on_licence true probation_appointment_at "${released}T13:00:00Z" \
  licence_conditions "Reside at the hostel; curfew 19:00 to 07:00" \
  pickup_mentor "Dev Fairclough" pickup_status arranged
tg goal set "$goal" status achieved
tg release check "$tom"

heading "Released on $released; first community treatment appointment on $engaged"
tg release set "$tom" released_on "$released" pickup_status met
tg client set "$tom" custody_status released
tg appointment add "$tom" --kind treatment --at "${engaged}T10:00:00Z" \
  --place "Recovery hub, city centre" --with "Recovery worker" >/dev/null
tg release set "$tom" treatment_engaged_on "$engaged"
tg appointment list "$tom"

heading "The team's KPIs for the last 90 days, as CSV"
tg kpi --team "Nottingham in-reach" --from "$(days_ago 90)" --format csv

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
