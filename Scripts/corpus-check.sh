#!/usr/bin/env bash
# Generates every spec in a folder (default: ../shared/corpus) and compiles what comes out, then
# prints one table row per spec: generated?, warnings, generation time, generated lines, compiles?
#
#   Scripts/corpus-check.sh [FOLDER] [--typecheck]
#
# --typecheck only type-checks the generated code (faster); by default it is compiled to object
# code with warnings as errors, as a package would build it. Skips cleanly when the folder is absent.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FOLDER="$ROOT/../shared/corpus"
MODE="compile"
for argument in "$@"; do
    case "$argument" in
        --typecheck) MODE="typecheck" ;;
        *) FOLDER="$argument" ;;
    esac
done

if [ ! -d "$FOLDER" ]; then
    echo "corpus-check: no corpus at $FOLDER; skipping"
    exit 0
fi

"$ROOT/Scripts/setup.sh"
cd "$ROOT"
echo "Building oasgen and the runtime (release)..." >&2
swift build -c release --static-swift-stdlib --product oasgen >/dev/null || exit 1
swift build -c release --static-swift-stdlib --target OASGenRuntime >/dev/null || exit 1
BIN="$ROOT/.build/release"
MODULES="$BIN/Modules"
[ -d "$MODULES" ] || MODULES="$BIN"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

printf '| %-40s | %-9s | %8s | %9s | %9s | %-8s | %9s |\n' spec generated warnings "gen time" lines compiles "compile"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" "-----------" "----------" "-----------" "-----------" "----------" "-----------"
failures=0
for spec in "$FOLDER"/*.yaml "$FOLDER"/*.yml "$FOLDER"/*.json; do
    [ -f "$spec" ] || continue
    name=$(basename "$spec")
    out="$WORK/${name%.*}"
    log="$WORK/${name%.*}.log"
    start=$(date +%s.%N)
    "$BIN/oasgen" generate --spec "$spec" --output "$out" --module CorpusModule --quiet --model-files 4 2>"$log"
    status=$?
    end=$(date +%s.%N)
    seconds=$(echo "$end - $start" | bc)
    warnings=$(grep -c ': warning:' "$log")
    if [ $status -ne 0 ]; then
        printf '| %-40s | %-9s | %8s | %8.2fs | %9s | %-8s | %9s |\n' "$name" "no" "$warnings" "$seconds" "-" "-" "-"
        grep ': error:' "$log" | head -3 >&2
        failures=$((failures + 1))
        continue
    fi
    lines=$(cat "$out"/*.swift | wc -l)
    compile_start=$(date +%s.%N)
    if [ "$MODE" = "typecheck" ]; then
        swiftc -typecheck -swift-version 6 -warnings-as-errors -I "$MODULES" -module-name CorpusModule "$out"/*.swift >"$log.swiftc" 2>&1
    else
        (cd "$out" && swiftc -c -swift-version 6 -warnings-as-errors -Onone -parse-as-library -I "$MODULES" \
            -module-name CorpusModule -j 2 *.swift) >"$log.swiftc" 2>&1
    fi
    compiled=$?
    compile_end=$(date +%s.%N)
    compile_seconds=$(echo "$compile_end - $compile_start" | bc)
    verdict="yes"
    if [ $compiled -ne 0 ]; then
        verdict="NO"
        failures=$((failures + 1))
        grep -E 'error:' "$log.swiftc" | head -3 >&2
    fi
    printf '| %-40s | %-9s | %8s | %8.2fs | %9s | %-8s | %8.1fs |\n' "$name" "yes" "$warnings" "$seconds" "$lines" "$verdict" "$compile_seconds"
done
exit $failures
