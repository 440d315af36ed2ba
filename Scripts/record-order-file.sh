#!/usr/bin/env bash
# Records Scripts/oasgen.order, the functions that generation executes, for
# Scripts/build-release.sh to place together. Needs valgrind (callgrind). Run it after changes
# that add or rename many functions; a stale order only places fewer of them.
#
#   Scripts/record-order-file.sh [SPEC...]   # default: the bundled specs, the feature fixtures
#                                            # and, when present, four specs of ../shared/corpus
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "record-order-file: needs valgrind" >&2; exit 1; }
BINARY=$(OASGEN_ORDER_FILE=none "$ROOT/Scripts/build-release.sh")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

SPECS=("$@")
if [ ${#SPECS[@]} -eq 0 ]; then
    for spec in "$ROOT"/specs/*.yaml "$ROOT"/Tests/Fixtures/Features/*/spec.yaml; do
        case "$spec" in *.oasgen.yaml) ;; *) SPECS+=("$spec") ;; esac
    done
    for name in telnyx-spec3.yml box-openapi.json discord-openapi.json swift-openapi-generator-petstore.yaml; do
        if [ -f "$ROOT/../shared/corpus/$name" ]; then SPECS+=("$ROOT/../shared/corpus/$name"); fi
    done
fi

# Symbols without debug information keep valgrind fast; the names are what the order needs.
objcopy --strip-debug "$BINARY" "$WORK/oasgen"
index=0
for spec in "${SPECS[@]}"; do
    index=$((index + 1))
    echo "record-order-file: $(basename "$spec")" >&2
    valgrind --tool=callgrind --callgrind-out-file="$WORK/profile.$index" --demangle=no \
        --compress-strings=no --compress-pos=no "$WORK/oasgen" generate --spec "$spec" \
        --output "$WORK/out.$index" --module Recorded --model-files 4 --quiet >/dev/null 2>&1 || true
done

# Every function of the binary with a cost of its own. A line after `calls=` is a callee's cost.
# Names defined more than once (local helpers of several objects) cannot be placed, and would
# drag every object that has one, so they are left out.
nm "$WORK/oasgen" | awk '{ print $NF }' | LC_ALL=C sort | uniq -d > "$WORK/ambiguous"
awk -v binary="$WORK/oasgen" '
    /^ob=/ { object = substr($0, 4); next }
    /^fn=/ { name = substr($0, 4); sub(/\047[0-9]+$/, "", name); next }
    /^calls=/ { skip = 1; next }
    /^[0-9+-]/ { if (skip) { skip = 0; next } if (object == binary && $2 > 0) print name }
' "$WORK"/profile.* | LC_ALL=C sort -u | LC_ALL=C comm -23 - "$WORK/ambiguous" > "$ROOT/Scripts/oasgen.order"
echo "record-order-file: $(wc -l < "$ROOT/Scripts/oasgen.order") functions in Scripts/oasgen.order" >&2
