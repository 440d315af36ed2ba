#!/usr/bin/env bash
# Decodes the JSON examples that specs carry with the models oasgen generates for them, encodes
# each value again and decodes that, and prints one table row per spec. A failure is either a
# generator bug or an example that breaks its own schema: each one is listed, with its JSON
# pointer and the decoding error, in .build/examples-check/<spec>/failures.txt, to tell which.
#
#   Scripts/examples-check.sh [SPEC...]   # default: the corpus specs that carry examples
#
# Checked: `example`/`examples` of component schemas and of operations' JSON responses, and
# OpenAI's `x-oaiMeta` examples. Needs python3 with PyYAML. Each spec's models are compiled into
# a small package that depends on this one's OASGenRuntime (Telnyx's take about 4 minutes on
# two cores). Skips cleanly when no spec is found.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SPECS=("$@")
if [ ${#SPECS[@]} -eq 0 ]; then
    for name in box-openapi.json twilio_api_v2010.yaml elevenlabs-openapi.json openai-openapi.yaml telnyx-spec3.yml; do
        [ -f "$ROOT/../shared/corpus/$name" ] && SPECS+=("$ROOT/../shared/corpus/$name")
    done
fi
if [ ${#SPECS[@]} -eq 0 ]; then
    echo "examples-check: no specs (../shared/corpus is absent); skipping"
    exit 0
fi
python3 -c "import yaml" 2>/dev/null || { echo "examples-check: needs python3 with PyYAML" >&2; exit 1; }

"$ROOT/Scripts/setup.sh"
cd "$ROOT"
echo "Building oasgen (release)..." >&2
swift build -c release --static-swift-stdlib --product oasgen >/dev/null || exit 1
OASGEN="$ROOT/.build/release/oasgen"

printf '| %-28s | %8s | %6s | %8s | %10s | %8s |\n' spec examples ok "decoding" "round trip" build
printf '|%s|%s|%s|%s|%s|%s|\n' "------------------------------" "----------" "--------" "----------" "------------" "----------"
status=0
for spec in "${SPECS[@]}"; do
    name=$(basename "$spec")
    work="$ROOT/.build/examples-check/${name%.*}"
    rm -rf "$work/Sources"
    mkdir -p "$work/Sources/API" "$work/Sources/Check"
    "$OASGEN" generate --spec "$spec" --output "$work/Sources/API" --module API --quiet --model-files 4 >"$work/generate.log" 2>&1 \
        && "$OASGEN" graph "$spec" >"$work/graph.json" 2>>"$work/generate.log" \
        && python3 "$ROOT/Scripts/examples/extract.py" "$spec" "$work/graph.json" "$work" 2>"$work/extract.log"
    if [ $? -ne 0 ]; then
        printf '| %-28s | %8s | %6s | %8s | %10s | %8s |\n' "$name" "-" "-" "-" "-" "-"
        echo "examples-check: $name: generation or extraction failed, see $work" >&2
        status=1
        continue
    fi
    cat >"$work/Package.swift" <<PACKAGE
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ExamplesCheck",
    dependencies: [.package(path: "$ROOT")],
    targets: [
        .target(name: "API", dependencies: [.product(name: "OASGenRuntime", package: "$(basename "$ROOT")")], path: "Sources/API"),
        .executableTarget(
            name: "Check", dependencies: ["API", .product(name: "OASGenRuntime", package: "$(basename "$ROOT")")],
            path: "Sources/Check"),
    ]
)
PACKAGE
    started=$(date +%s)
    if ! (cd "$work" && swift build -j 2 --product Check >"$work/build.log" 2>&1); then
        printf '| %-28s | %8s | %6s | %8s | %10s | %8s |\n' "$name" "-" "-" "-" "-" "fails"
        echo "examples-check: $name: the check does not compile, see $work/build.log" >&2
        status=1
        continue
    fi
    built=$(( $(date +%s) - started ))
    (cd "$work" && ./.build/debug/Check >results.jsonl 2>/dev/null)
    python3 - "$work" "$name" "$built" <<'SUMMARY'
import json, sys
work, name, built = sys.argv[1], sys.argv[2], sys.argv[3]
results = [json.loads(line) for line in open(f"{work}/results.jsonl")]
decoding = [r for r in results if r["status"] == "DECODE_FAIL"]
roundtrip = [r for r in results if r["status"] not in ("OK", "DECODE_FAIL")]
ok = len(results) - len(decoding) - len(roundtrip)
with open(f"{work}/failures.txt", "w") as out:
    for r in decoding + roundtrip:
        out.write(f"{r['status']} {r['pointer']} as {r['type']}\n    {r.get('error') or ''}\n")
print(f"| {name:<28} | {len(results):>8} | {ok:>6} | {len(decoding):>8} | {len(roundtrip):>10} | {built + 's':>8} |")
SUMMARY
done
echo "Failures, with their JSON pointers and errors: .build/examples-check/<spec>/failures.txt" >&2
exit $status
