#!/usr/bin/env bash
# Builds the release oasgen to install or benchmark, and prints its path:
#
#   Scripts/build-release.sh        # → .build/tuned/release/oasgen
#
# On Linux it links with lld, one section per function, and places the code a run executes
# (recorded in Scripts/oasgen-layout.ld by Scripts/record-layout.sh) in one block before the
# rest: the kernel maps the 64 KB around every page of code a run touches, so code that runs
# together should sit together (the binary has ~11 MB of code, a run executes ~3 MB of it,
# half of that in the Swift runtime's unsplittable sections). Relative relocations are packed
# (DT_RELR), so the loader reads ~8 KB of them instead of ~1 MB. The output is the same.
# Elsewhere, and with OASGEN_LAYOUT=none, it is a plain static release build;
# OASGEN_LINK_MAP=FILE also writes lld's map of the link (for the recording).
#
# Its own build folder keeps these flags from forcing a rebuild of `swift build -c release`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH="$ROOT/.build/tuned"
LAYOUT=${OASGEN_LAYOUT:-"$ROOT/Scripts/oasgen-layout.ld"}
"$ROOT/Scripts/setup.sh"
cd "$ROOT"

FLAGS=(-c release --static-swift-stdlib --product oasgen --scratch-path "$SCRATCH")
if [ "$(uname -s)" = Linux ]; then
    # A static executable: libc and libstdc++ contribute only the functions it calls, placed by
    # the layout like ours, instead of mapping their shared libraries (2.5 MB per run).
    FLAGS+=(-Xswiftc -static-executable)
    FLAGS+=(-Xswiftc -use-ld=lld -Xswiftc -Xfrontend -Xswiftc -function-sections)
    FLAGS+=(-Xlinker -z -Xlinker pack-relative-relocs)
    # Exclusivity is checked at run time in every other build (the tests run the debug build);
    # in this one the checks cost 2% of a large spec's instructions.
    FLAGS+=(-Xswiftc -enforce-exclusivity=unchecked)
    # Generic code of the other modules (ordered collections, the graph's accessors) is
    # specialized and inlined where the emitters use it: 2% fewer instructions.
    FLAGS+=(-Xswiftc -cross-module-optimization)
    if [ "$LAYOUT" != none ] && [ -s "$LAYOUT" ]; then
        # A script with INSERT only adds to lld's default layout. Sections it names that this
        # build lacks (after a code change) are skipped.
        FLAGS+=(-Xlinker -T -Xlinker "$LAYOUT")
    fi
    if [ -n "${OASGEN_LINK_MAP:-}" ]; then FLAGS+=(-Xlinker "-Map=$OASGEN_LINK_MAP"); fi
    # SwiftPM does not track the layout, so always link again (a few seconds).
    rm -f "$SCRATCH/release/oasgen"
fi
swift build "${FLAGS[@]}" >&2
echo "$SCRATCH/release/oasgen"
