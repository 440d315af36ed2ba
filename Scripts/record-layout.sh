#!/usr/bin/env bash
# Records Scripts/oasgen-layout.ld, the code that generation executes, for
# Scripts/build-release.sh to place together. Needs valgrind (callgrind) and python3. Run it
# after changes that add or rename many functions; a stale layout only places fewer of them.
#
#   Scripts/record-layout.sh [SPEC...]   # default: the bundled specs, the feature fixtures
#                                        # and, when present, five specs of ../shared/corpus
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "record-layout: needs valgrind" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
BINARY=$(OASGEN_LAYOUT=none OASGEN_LINK_MAP="$WORK/link.map" "$ROOT/Scripts/build-release.sh")

SPECS=("$@")
if [ ${#SPECS[@]} -eq 0 ]; then
    for spec in "$ROOT"/specs/*.yaml "$ROOT"/Tests/Fixtures/Features/*/spec.yaml; do
        case "$spec" in *.oasgen.yaml) ;; *) SPECS+=("$spec") ;; esac
    done
    for name in telnyx-spec3.yml box-openapi.json discord-openapi.json twilio_api_v2010.yaml swift-openapi-generator-petstore.yaml; do
        if [ -f "$ROOT/../shared/corpus/$name" ]; then SPECS+=("$ROOT/../shared/corpus/$name"); fi
    done
fi

# Without debug information valgrind starts fast; the addresses stay the same.
objcopy --strip-debug "$BINARY" "$WORK/oasgen"
# Each spec is generated twice into the same folder: first writing every file, then finding
# every file unchanged, as most runs of the plugins do (and the benchmark's timed runs). The
# second run reads and compares the files instead of writing them: recorded only once, that
# code was left scattered, and a run on an up-to-date folder touched 0.3 to 0.5 MB more of it.
index=0
for spec in "${SPECS[@]}"; do
    index=$((index + 1))
    echo "record-layout: $(basename "$spec")" >&2
    for pass in written unchanged; do
        valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$WORK/profile.$index.$pass" \
            --compress-strings=no --compress-pos=no "$WORK/oasgen" generate --spec "$spec" \
            --output "$WORK/out.$index" --module Recorded --model-files 4 --quiet >/dev/null 2>&1 || true
    done
done

# Valgrind runs one thread at a time, so code that runs only when threads contend is named by
# hand: the C library's lock waits, the Swift runtime's waits for metadata another thread is
# building, and the release of a key path that another thread instantiated first.
python3 "$ROOT/Scripts/layout-from-profile.py" --map "$WORK/link.map" --binary "$WORK/oasgen" \
    --also "libc.a(lowlevellock.o)" --also awaitSatisfyingState --also AtomicWaitQueue \
    --also '$ss15WritableKeyPathCfD' "$WORK"/profile.* > "$WORK/layout.ld"
mv "$WORK/layout.ld" "$ROOT/Scripts/oasgen-layout.ld"
