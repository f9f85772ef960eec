#!/usr/bin/env bash
# Installs tollgate for the GitHub Action (action.yml), before anything reads the workspace.
#
#   install-tollgate.sh release   the prebuilt binary of the action's own ref, from that ref's
#                                 GitHub release, checked against the release's sha256.sum;
#                                 sets the output found=false when the ref has no release
#   install-tollgate.sh build     only then: builds the action's own source with a pinned
#                                 toolchain (reusing a build restored from the cache)
#
# Whoever opens a pull request controls every file of the workspace, including a
# rust-toolchain.toml whose `path` makes rustup run a `cargo` of their choosing, and
# .cargo/config.toml. So this script runs from $RUNNER_TEMP with a fixed PATH, pins
# RUSTUP_TOOLCHAIN, builds only the action's own checkout, and never reads the workspace.
#
# Environment (set by action.yml from the runner's context):
#   TOLLGATE_REPOSITORY    owner/name of the action (github.action_repository)
#   TOLLGATE_REF           the ref the workflow pinned the action to (github.action_ref)
#   TOLLGATE_ACTION_PATH   the action's own files (github.action_path)
#   TOLLGATE_TOOLCHAIN     the Rust toolchain `build` uses
#   TOLLGATE_RELEASES_URL  where releases live (default https://github.com; plain http only on
#                          loopback, for tests)
#   RUNNER_TEMP, RUNNER_OS, RUNNER_ARCH, GITHUB_OUTPUT, GITHUB_PATH   set by the runner
set -euo pipefail

fail() {
    printf 'tollgate install: error: %s\n' "$*" >&2
    exit 1
}
note() { printf 'tollgate install: %s\n' "$*" >&2; }

mode=${1:-}
case "$mode" in
    release | build) ;;
    *) fail "usage: install-tollgate.sh release|build" ;;
esac

: "${RUNNER_TEMP:?RUNNER_TEMP is not set: run inside GitHub Actions or set it to a scratch directory}"
cd "$RUNNER_TEMP"
runner_os=${RUNNER_OS:-Linux}
case "$runner_os" in
    Windows) PATH="/mingw64/bin:/usr/bin:/bin:$(/usr/bin/cygpath -u "${SYSTEMROOT:-C:\\Windows}")/System32" ;;
    *) PATH="/usr/bin:/bin:/usr/sbin:/sbin:/usr/local/bin" ;;
esac
export PATH

output() {
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    fi
}

exe=""
[ "$runner_os" = Windows ] && exe=".exe"

# The release target of this runner (the targets .github/workflows/release.yml builds).
case "$runner_os-${RUNNER_ARCH:-X64}" in
    Linux-X64) target=x86_64-unknown-linux-musl ;;
    Linux-ARM64) target=aarch64-unknown-linux-musl ;;
    macOS-ARM64) target=aarch64-apple-darwin ;;
    macOS-X64) target=x86_64-apple-darwin ;;
    Windows-X64) target=x86_64-pc-windows-msvc ;;
    *) target="" ;;
esac

sha256_of() {
    if command -v sha256sum >/dev/null; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

install_release() {
    local repo=${TOLLGATE_REPOSITORY:-} ref=${TOLLGATE_REF:-}
    local base=${TOLLGATE_RELEASES_URL:-https://github.com}
    if [ -z "$repo" ] || [ -z "$ref" ]; then
        note "the action's repository or ref is unknown (a local action?): building its source"
        no_release
        return
    fi
    [[ $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || fail "unexpected action repository '$repo'"
    if ! [[ $ref =~ ^[A-Za-z0-9_.+-]+$ ]]; then
        note "ref '$ref' cannot name a release: building the action's source"
        no_release
        return
    fi
    [ -n "$target" ] || fail "no release build for $runner_os ${RUNNER_ARCH:-}; use a Linux, macOS or Windows runner on x64 or ARM64"
    local proto="=https"
    if [[ $base =~ ^http://(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?(/|$) ]]; then
        proto="=http,https"
    fi
    local curl_opts=(--silent --show-error --location --proto "$proto" --proto-redir "$proto"
        --retry 2 --retry-delay 1 --connect-timeout 10 --max-time 300)
    local url="$base/$repo/releases/download/$ref"
    local archive="tollgate-$target.tar.gz"
    [ "$runner_os" = Windows ] && archive="tollgate-$target.zip"
    local dir="$RUNNER_TEMP/tollgate-install/$ref"
    rm -rf "$dir"
    mkdir -p "$dir"

    local status
    status=$(curl "${curl_opts[@]}" --output "$dir/sha256.sum" --write-out '%{http_code}' "$url/sha256.sum") ||
        fail "cannot download $url/sha256.sum (curl exit $?)"
    case "$status" in
        200) ;;
        404)
            note "no release $ref of $repo (no $url/sha256.sum): building the action's source"
            no_release
            return
            ;;
        *) fail "downloading $url/sha256.sum: HTTP $status" ;;
    esac
    local expected
    expected=$(awk -v f="$archive" '{ n = $2; sub(/^\*/, "", n); if (n == f) print tolower($1) }' "$dir/sha256.sum")
    [ -n "$expected" ] || fail "release $ref of $repo has no $archive in sha256.sum (no build for $target)"
    [[ $expected =~ ^[0-9a-f]{64}$ ]] || fail "sha256.sum of release $ref has no valid checksum for $archive"

    status=$(curl "${curl_opts[@]}" --output "$dir/$archive" --write-out '%{http_code}' "$url/$archive") ||
        fail "cannot download $url/$archive (curl exit $?)"
    case "$status" in
        200) ;;
        404) fail "release $ref of $repo lists $archive but it is missing (HTTP 404 for $url/$archive)" ;;
        *) fail "downloading $url/$archive: HTTP $status" ;;
    esac
    local actual
    actual=$(sha256_of "$dir/$archive")
    if [ "$actual" != "$expected" ]; then
        rm -f "$dir/$archive"
        fail "checksum mismatch for $archive of release $ref: expected $expected, got $actual; nothing was installed"
    fi

    mkdir -p "$dir/unpacked" "$dir/bin"
    case "$archive" in
        *.zip) unzip -q "$dir/$archive" -d "$dir/unpacked" ;;
        *) tar -xzf "$dir/$archive" -C "$dir/unpacked" ;;
    esac
    local found
    found=$(find "$dir/unpacked" -maxdepth 2 -type f -name "tollgate$exe")
    [ -n "$found" ] && [ "$(printf '%s\n' "$found" | wc -l)" -eq 1 ] ||
        fail "$archive does not hold exactly one tollgate$exe"
    mv "$found" "$dir/bin/tollgate$exe"
    chmod +x "$dir/bin/tollgate$exe"
    finish "$dir/bin/tollgate$exe" "release $ref ($archive, sha256 $actual)"
    output found true
}

# No release: the action's build step runs, with the cache keyed on what it builds.
no_release() {
    output found false
    local ref=${TOLLGATE_REF:-local}
    if [ -n "${TOLLGATE_ACTION_PATH:-}" ]; then
        output cache-key "tollgate-build-$runner_os-${RUNNER_ARCH:-}-${TOLLGATE_TOOLCHAIN:-}-${ref//[^A-Za-z0-9._-]/_}-$(source_key)"
    fi
}

# A fingerprint of the action's own source, so that a cached build of a moving ref (a branch)
# is used only for the same source.
source_key() {
    (
        cd "$TOLLGATE_ACTION_PATH"
        find . \( -path ./target -o -path ./.git \) -prune -o -type f -print | LC_ALL=C sort |
            while IFS= read -r f; do printf '%s %s\n' "$(sha256_of "$f")" "$f"; done
    ) | sha256_of /dev/stdin
}

build_source() {
    : "${TOLLGATE_ACTION_PATH:?TOLLGATE_ACTION_PATH is not set}"
    : "${TOLLGATE_TOOLCHAIN:?TOLLGATE_TOOLCHAIN is not set}"
    [ -f "$TOLLGATE_ACTION_PATH/Cargo.toml" ] || fail "no Cargo.toml in the action's files $TOLLGATE_ACTION_PATH"
    local dir="$RUNNER_TEMP/tollgate-build"
    local bin="$dir/bin/tollgate$exe"
    local key
    key=$(source_key)
    if [ -x "$bin" ] && [ "$(cat "$dir/source-key" 2>/dev/null)" = "$key" ] && "$bin" --version >/dev/null 2>&1; then
        finish "$bin" "a cached build of the action's source"
        return
    fi
    # rustup's own directory, never the workspace's. RUSTUP_TOOLCHAIN outranks any
    # rust-toolchain.toml, and nothing runs from the workspace anyway.
    PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
    export RUSTUP_TOOLCHAIN=$TOLLGATE_TOOLCHAIN
    command -v cargo >/dev/null ||
        fail "no release for this ref and no Rust on the runner to build it: pin the action to a released version (uses: OWNER/tollgate@vX.Y.Z)"
    if command -v rustup >/dev/null && ! rustup which --toolchain "$TOLLGATE_TOOLCHAIN" rustc >/dev/null 2>&1; then
        rustup toolchain install "$TOLLGATE_TOOLCHAIN" --profile minimal --no-self-update >&2
    fi
    note "building tollgate from the action's source with Rust $TOLLGATE_TOOLCHAIN (no release for this ref)"
    rm -rf "$dir"
    cargo install --locked --quiet --path "$TOLLGATE_ACTION_PATH" --root "$dir" \
        --target-dir "$RUNNER_TEMP/tollgate-target" >&2
    printf '%s\n' "$key" >"$dir/source-key"
    finish "$bin" "a build of the action's source"
}

finish() {
    local bin=$1 what=$2 version
    version=$("$bin" --version) || fail "the installed $bin does not run"
    note "installed $version from $what: $bin"
    output path "$bin"
    if [ -n "${GITHUB_PATH:-}" ]; then
        dirname "$bin" >>"$GITHUB_PATH"
    fi
}

case "$mode" in
    release) install_release ;;
    build) build_source ;;
esac
