#!/usr/bin/env bash
# Runs one of the package's fuzz targets with libFuzzer, AddressSanitizer on.
#
#   Tests/Fuzz/run.sh TARGET [SECONDS] [libFuzzer options...]
#   Tests/Fuzz/run.sh --list
#
# Builds the package's modules with -sanitize=fuzzer,address into .build-fuzz (apart from the
# normal build), compiles FuzzMain.swift against them, then fuzzes TARGET for SECONDS (default
# 600) from its checked-in corpus, Tests/OAuthTests/Corpus/TARGET/, with a working corpus in
# .build-fuzz/corpus/TARGET. An input that crashes the target or breaks one of its rules is
# written to .build-fuzz/findings/TARGET/; copy it into the checked-in corpus as
# regression-NAME once fixed, so `swift test` runs it from then on.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"

if [[ "${1:-}" == "--list" ]]; then
    sed -n 's/^ *static let [A-Za-z]* = FuzzTarget("\([a-z0-9-]*\)", "\([^"]*\)".*/\1: \2/p' Sources/OAuthTesting/Fuzzing/*.swift
    exit 0
fi
target="${1:?usage: Tests/Fuzz/run.sh TARGET [SECONDS] [libFuzzer options...] (--list names the targets)}"
seconds="${2:-600}"
shift $(( $# >= 2 ? 2 : 1 ))
corpus="Tests/OAuthTests/Corpus/$target"
[[ -d "$corpus" ]] || { echo "no corpus for target $target at $corpus (--list names the targets)" >&2; exit 2; }

scratch=.build-fuzz
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
# The modules get libFuzzer's coverage instrumentation and AddressSanitizer; the fuzzer's own
# runtime (and its main) is linked into the harness alone, so the build's tools still run.
flags=(-Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table)
swift build -c release --scratch-path "$scratch" --target OAuthTesting "${flags[@]}" >&2
release="$scratch/release"
# The harness must be compiled with the package's name to see its `package` declarations.
package_name=$(grep -o '"-package-name","[^"]*"' "$scratch/release.yaml" | head -1 | cut -d'"' -f4)
objects=()
for module in OAuth OAuthProviders OAuthTesting; do
    objects+=("$release/$module.build"/*.o)
done
harness="$scratch/oauth-fuzz"
if [[ ! -x "$harness" || -n "$(find "${objects[@]}" Tests/Fuzz/FuzzMain.swift -newer "$harness" -print -quit)" ]]; then
    swiftc -O -sanitize=fuzzer,address -parse-as-library -package-name "$package_name" \
        -I "$release/Modules" Tests/Fuzz/FuzzMain.swift "${objects[@]}" -o "$harness"
fi

mkdir -p "$scratch/corpus/$target" "$scratch/findings/$target"
OAUTH_FUZZ_TARGET="$target" "$harness" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$scratch/findings/$target/" "$@" "$scratch/corpus/$target" "$corpus"
