#!/usr/bin/env bash
# Compares Apple's swift-openapi-generator 1.14.3 with oasgen on the Box API spec: how long each
# generator takes, how much code it writes, and how long that code alone takes to compile.
#
#   Scripts/compare-apple-generator.sh [WORK_FOLDER]
#
#   WORK_FOLDER   where everything is built (default: a new /tmp/compare-apple-generator.XXXXXX).
#                 Run it again with the same folder to re-measure without rebuilding dependencies.
#   RUNS=3        environment: timed runs of each measurement (the table shows medians)
#   TYPECHECK_RUNS=1  environment: timed runs of the plain `swiftc -typecheck` (0 skips it)
#   SPEC=...      environment: the spec (default: ../shared/corpus/box-openapi.json)
#
# Nothing is built inside this repository's own .build: oasgen is built with --scratch-path in
# WORK_FOLDER, and the generated code is compiled in two throwaway packages there:
#   apple-pkg/   one target, BoxAPI = Apple's generated files,  depending on swift-openapi-runtime
#   oasgen-pkg/  one target, BoxAPI = oasgen's generated files, depending on this repo's OASGenRuntime
# Each package's dependencies are built first, untimed (again before every timed run, in case
# this repo's runtime changed meanwhile); then only the BoxAPI target is built, after touching its
# sources, RUNS times each with `swift build -c debug|release --target BoxAPI`. Runs of the two
# generators are interleaved so that load from other processes falls on both alike.
# Times are wall-clock seconds, with CPU seconds (user+sys of all child processes) in parentheses.
# Progress goes to stderr, the Markdown table to stdout.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SPEC=${SPEC:-"$ROOT/../shared/corpus/box-openapi.json"}
RUNS=${RUNS:-3}
TYPECHECK_RUNS=${TYPECHECK_RUNS:-1}
APPLE_GENERATOR_VERSION=1.14.3
APPLE_RUNTIME_VERSION=1.13.4

if [ ! -f "$SPEC" ]; then
    echo "compare-apple-generator: no spec at $SPEC; skipping"
    exit 0
fi
SPEC=$(cd "$(dirname "$SPEC")" && pwd)/$(basename "$SPEC")

WORK=${1:-$(mktemp -d /tmp/compare-apple-generator.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
mkdir -p "$WORK/logs" "$WORK/times"
rm -f "$WORK"/times/*
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
say "work folder: $WORK (logs in $WORK/logs)"

# --- Helpers -------------------------------------------------------------------------------------

# measure NAME COMMAND...: runs COMMAND once, output to logs/NAME.log, and appends
# "wall cpu" (seconds) to times/NAME. Returns the command's status.
measure() {
    local name=$1; shift
    local timing="$WORK/times/.last" status=0
    local TIMEFORMAT='%R %U %S'
    { time "$@" >>"$WORK/logs/$name.log" 2>&1; } 2>"$timing" || status=$?
    # The time keyword writes its line last; a command's own stderr went to the log.
    tail -n 1 "$timing" | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' >>"$WORK/times/$name"
    return $status
}

# median NAME COLUMN: median of column 1 (wall) or 2 (cpu) of times/NAME, or "-" when absent.
median() {
    local file="$WORK/times/$1"
    [ -s "$file" ] || { echo "-"; return; }
    awk -v c="$2" '{ print $c }' "$file" | sort -n | awk '
        { v[NR] = $1 }
        END { if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m }'
}

# cell NAME: "wall s (cpu s)" of the medians, for the table.
cell() {
    local wall; wall=$(median "$1" 1)
    if [ "$wall" = "-" ]; then echo "-"; else echo "${wall} s ($(median "$1" 2) s)"; fi
}

# ratio A B: median wall of A ÷ median wall of B.
ratio() {
    local a b; a=$(median "$1" 1); b=$(median "$2" 1)
    if [ "$a" = "-" ] || [ "$b" = "-" ]; then echo "-"; else awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f×", a / b }'; fi
}

# copy_sources FROM TO: makes TO hold exactly the .swift files of FROM, leaving unchanged files
# alone so that re-running in the same work folder does not force a rebuild.
copy_sources() {
    mkdir -p "$2"
    local file
    for file in "$2"/*.swift; do
        if [ -f "$file" ] && [ ! -f "$1/$(basename "$file")" ]; then rm -f "$file"; fi
    done
    for file in "$1"/*.swift; do
        if ! cmp -s "$file" "$2/$(basename "$file")"; then cp "$file" "$2/"; fi
    done
}

# --- Step 0: the two generators, built in release ------------------------------------------------

"$ROOT/Scripts/setup.sh" # libyaml for oasgen

say "building Apple's swift-openapi-generator $APPLE_GENERATOR_VERSION (release; ~8 min the first time)"
mkdir -p "$WORK/gen-tool"
cat >"$WORK/gen-tool/Package.swift" <<EOF
// swift-tools-version:6.2
// Only here to build the swift-openapi-generator CLI of the pinned version.
import PackageDescription
let package = Package(
    name: "AppleGeneratorTool",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "$APPLE_GENERATOR_VERSION"),
    ],
    targets: []
)
EOF
(cd "$WORK/gen-tool" && swift build -c release --product swift-openapi-generator) \
    >"$WORK/logs/build-apple-generator.log" 2>&1 \
    || { echo "building swift-openapi-generator failed; see $WORK/logs/build-apple-generator.log" >&2; exit 1; }
APPLE_GEN="$(cd "$WORK/gen-tool" && swift build -c release --show-bin-path)/swift-openapi-generator"

say "building oasgen and OASGenRuntime (release, scratch path in the work folder)"
(swift build -c release --product oasgen --package-path "$ROOT" --scratch-path "$WORK/oasgen-build" \
    && swift build -c release --target OASGenRuntime --package-path "$ROOT" --scratch-path "$WORK/oasgen-build") \
    >"$WORK/logs/build-oasgen.log" 2>&1 \
    || { echo "building oasgen failed; see $WORK/logs/build-oasgen.log" >&2; exit 1; }
OASGEN="$(swift build -c release --package-path "$ROOT" --scratch-path "$WORK/oasgen-build" --show-bin-path)/oasgen"

# --- Step 1: generation --------------------------------------------------------------------------

cat >"$WORK/openapi-generator-config.yaml" <<'EOF'
generate:
  - types
  - client
accessModifier: public
EOF

apple_generate() { # apple_generate OUT [extra options]: Apple's generator, types + client
    local out=$1; shift
    rm -rf "$out" && mkdir -p "$out"
    "$APPLE_GEN" generate "$SPEC" --config "$WORK/openapi-generator-config.yaml" --output-directory "$out" "$@"
}
oasgen_generate() { # oasgen_generate OUT: oasgen, models in 4 files + client
    rm -rf "$1"
    "$OASGEN" generate --spec "$SPEC" --output "$1" --module BoxAPI --quiet --model-files 4
}

APPLE_OK=yes
for run in $(seq "$RUNS"); do
    say "generation run $run/$RUNS"
    rm -f "$WORK/logs/generate-apple.log" "$WORK/logs/generate-oasgen.log" # keep the last run's log
    if ! measure generate-apple apple_generate "$WORK/apple-out"; then
        APPLE_OK=no
        echo "Apple's generator failed; its last lines:" >&2
        grep -v '^warning:' "$WORK/logs/generate-apple.log" | tail -n 5 >&2
        break
    fi
    measure generate-oasgen oasgen_generate "$WORK/oasgen-out" \
        || { echo "oasgen failed; see $WORK/logs/generate-oasgen.log" >&2; exit 1; }
done
# The other naming strategy, once, only to learn whether it also succeeds.
if apple_generate "$WORK/apple-out-idiomatic" --naming-strategy idiomatic >"$WORK/logs/generate-apple-idiomatic.log" 2>&1; then
    IDIOMATIC="succeeds ($(cat "$WORK"/apple-out-idiomatic/*.swift | wc -l) lines)"
else
    IDIOMATIC="fails: $(grep -v '^warning:' "$WORK/logs/generate-apple-idiomatic.log" | tail -n 1)"
fi

# size DIR: "files, lines, MB" of the generated Swift files in DIR.
size() {
    local files lines bytes
    files=$(ls "$1"/*.swift | wc -l)
    lines=$(cat "$1"/*.swift | wc -l)
    bytes=$(cat "$1"/*.swift | wc -c)
    awk -v f="$files" -v l="$lines" -v b="$bytes" 'BEGIN { printf "%d files, %d lines, %.2f MB", f, l, b / 1e6 }'
}
# The generator's own warnings (Apple's prints each once per mode, so count distinct ones).
generator_warnings() { grep -E 'warning:' "$1" | sort -u | wc -l; }

# --- Step 2: compile packages --------------------------------------------------------------------

mkdir -p "$WORK/apple-pkg" "$WORK/oasgen-pkg"
cat >"$WORK/apple-pkg/Package.swift" <<EOF
// swift-tools-version:6.2
// Apple's generated Box client as a library, with what that code imports.
import PackageDescription
let package = Package(
    name: "AppleBox",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-runtime", exact: "$APPLE_RUNTIME_VERSION"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(name: "BoxAPI", dependencies: [
            .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
    ]
)
EOF
cat >"$WORK/oasgen-pkg/Package.swift" <<EOF
// swift-tools-version:6.2
// oasgen's generated Box client as a library, with what that code imports.
import PackageDescription
let package = Package(
    name: "OASGenBox",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "oasgen", path: "$ROOT"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", exact: "$APPLE_RUNTIME_VERSION"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(name: "BoxAPI", dependencies: [
            .product(name: "OASGenRuntime", package: "oasgen"),
            .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
    ]
)
EOF
GENERATORS="oasgen"
if [ "$APPLE_OK" = yes ]; then
    GENERATORS="apple oasgen"
    copy_sources "$WORK/apple-out" "$WORK/apple-pkg/Sources/BoxAPI"
fi
copy_sources "$WORK/oasgen-out" "$WORK/oasgen-pkg/Sources/BoxAPI"

# Build each package's dependencies first, untimed, so that every timed run below compiles the
# generated BoxAPI target alone.
dependency_target() { if [ "$1" = apple ]; then echo OpenAPIRuntime; else echo OASGenRuntime; fi; }
for generator in $GENERATORS; do
    for configuration in debug release; do
        say "building the dependencies of $generator-pkg ($configuration)"
        (cd "$WORK/$generator-pkg" && swift build -c "$configuration" --target "$(dependency_target "$generator")") \
            >"$WORK/logs/dependencies-$configuration-$generator.log" 2>&1 \
            || { echo "$generator-pkg does not build; see $WORK/logs/dependencies-$configuration-$generator.log" >&2; exit 1; }
    done
done

# The timed rebuilds of the BoxAPI target alone, and a plain type-check of the generated files.
rebuild() { # rebuild GENERATOR CONFIGURATION
    touch "$WORK/$1-pkg"/Sources/BoxAPI/*.swift
    (cd "$WORK/$1-pkg" && swift build -c "$2" --target BoxAPI)
}
typecheck() { # typecheck GENERATOR: swiftc -typecheck against the debug build's modules
    local modules
    modules="$(cd "$WORK/$1-pkg" && swift build -c debug --show-bin-path)/Modules"
    swiftc -typecheck -swift-version 6 -module-name BoxAPI -I "$modules" "$WORK/$1-pkg"/Sources/BoxAPI/*.swift
}
for run in $(seq "$RUNS"); do
    for generator in $GENERATORS; do
        for configuration in debug release; do
            say "run $run/$RUNS: $configuration rebuild of $generator's BoxAPI (load: $(cut -d' ' -f1-3 /proc/loadavg))"
            rm -f "$WORK/logs/$configuration-$generator.log"
            (cd "$WORK/$generator-pkg" && swift build -c "$configuration" --target "$(dependency_target "$generator")") \
                >>"$WORK/logs/dependencies-$configuration-$generator.log" 2>&1
            measure "$configuration-$generator" rebuild "$generator" "$configuration" \
                || { echo "rebuild failed; see $WORK/logs/$configuration-$generator.log" >&2; exit 1; }
        done
        [ "$run" -le "$TYPECHECK_RUNS" ] || continue
        say "run $run/$RUNS: swiftc -typecheck of $generator's files"
        rm -f "$WORK/logs/typecheck-$generator.log"
        measure "typecheck-$generator" typecheck "$generator" \
            || echo "typecheck of $generator's files failed; see $WORK/logs/typecheck-$generator.log" >&2
    done
done
# What SwiftPM itself costs when nothing changed, to read the rebuild figures against.
# (The first build catches up with the last touch; the second, timed, has nothing to do.)
for generator in $GENERATORS; do
    (cd "$WORK/$generator-pkg" && swift build -c debug --target BoxAPI) >/dev/null 2>&1
    measure "null-$generator" bash -c "cd '$WORK/$generator-pkg' && swift build -c debug --target BoxAPI"
done

# --- Report --------------------------------------------------------------------------------------

compile_warnings() { grep -E ': warning:' "$WORK/logs/debug-$1.log" | sort -u | wc -l; }
echo
echo "Box API ($(basename "$SPEC")), medians of $RUNS runs ($TYPECHECK_RUNS for -typecheck) on $(nproc) cores; wall seconds (CPU seconds)."
echo
echo "| generator | generation | generated code | debug compile of BoxAPI | release compile of BoxAPI | swiftc -typecheck |"
echo "|---|---|---|---|---|---|"
if [ "$APPLE_OK" = yes ]; then
    echo "| swift-openapi-generator $APPLE_GENERATOR_VERSION | $(cell generate-apple) | $(size "$WORK/apple-out") | $(cell debug-apple) | $(cell release-apple) | $(cell typecheck-apple) |"
else
    echo "| swift-openapi-generator $APPLE_GENERATOR_VERSION | failed | - | - | - | - |"
fi
echo "| oasgen | $(cell generate-oasgen) | $(size "$WORK/oasgen-out") | $(cell debug-oasgen) | $(cell release-oasgen) | $(cell typecheck-oasgen) |"
if [ "$APPLE_OK" = yes ]; then
    echo "| **Apple ÷ oasgen** | $(ratio generate-apple generate-oasgen) | | $(ratio debug-apple debug-oasgen) | $(ratio release-apple release-oasgen) | $(ratio typecheck-apple typecheck-oasgen) |"
fi
echo
echo "- Generator warnings (distinct): Apple $( [ "$APPLE_OK" = yes ] && generator_warnings "$WORK/logs/generate-apple.log" || echo '-'), oasgen $(generator_warnings "$WORK/logs/generate-oasgen.log")."
if [ "$APPLE_OK" = yes ]; then
    echo "- Compiler warnings in a debug build (distinct): Apple $(compile_warnings apple), oasgen $(compile_warnings oasgen)."
    echo "- Apple's generator with --naming-strategy idiomatic: $IDIOMATIC."
else
    echo "- Apple's generator failed: $(grep -v '^warning:' "$WORK/logs/generate-apple.log" | tail -n 1)"
fi
echo "- SwiftPM's own cost (a debug build with nothing to do): $(for g in $GENERATORS; do printf '%s %s s ' "$g" "$(median null-$g 1)"; done)"
echo "- Every run, in seconds (wall cpu), is in $WORK/times; the load average was $(cut -d' ' -f1-3 /proc/loadavg) at the end."
