#!/usr/bin/env bash
# Gives tollgate the git history its checks need (action.yml runs it after installing tollgate).
#
# actions/checkout fetches one commit unless `fetch-depth: 0` is set. tollgate then cannot tell
# whether criteria were fixed before results, decisions were only appended, or sign-offs were
# committed by their approvers, and reports the history as unavailable. So when the checkout is
# shallow, this fetches the whole history of the checked-out commit and of the pull request's
# base branch (which holds the merge base), or fails saying to set `fetch-depth: 0`. It never
# leaves a shallow clone to be checked silently.
#
# Only git runs here, from a fixed PATH, with the repository's own configuration (which a pull
# request cannot change: .git/ is not part of its files).
#
# Environment:
#   TOLLGATE_ROOT           the governance repository (default: the current directory)
#   TOLLGATE_FETCH_HISTORY  true (default) to fetch, false to fail on a shallow checkout
#   TOLLGATE_BASE_REF       the pull request's base branch (github.base_ref), if any
#   TOLLGATE_BASE_SHA       the pull request's base commit (event's pull_request.base.sha)
#   TOLLGATE_REMOTE         the remote to fetch from (default origin)
set -euo pipefail

fail() {
    printf 'tollgate history: error: %s\n' "$*" >&2
    exit 1
}
note() { printf 'tollgate history: %s\n' "$*" >&2; }

case "${RUNNER_OS:-Linux}" in
    Windows) PATH="/mingw64/bin:/usr/bin:/bin" ;;
    *) PATH="/usr/bin:/bin:/usr/local/bin" ;;
esac
export PATH

cd "${TOLLGATE_ROOT:-.}"
remote=${TOLLGATE_REMOTE:-origin}
base_ref=${TOLLGATE_BASE_REF:-}
base_sha=${TOLLGATE_BASE_SHA:-}
fix="set \`fetch-depth: 0\` on actions/checkout"

if ! git rev-parse --git-dir >/dev/null 2>&1; then
    note "$(pwd) is not a git repository: tollgate will report the history checks as skipped"
    exit 0
fi
[ -z "$base_sha" ] || [[ $base_sha =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]] || fail "'$base_sha' is not a commit id"
[ -z "$base_ref" ] || git check-ref-format --branch "$base_ref" >/dev/null 2>&1 || fail "'$base_ref' is not a branch name"

if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
    if [ "${TOLLGATE_FETCH_HISTORY:-true}" != true ]; then
        fail "the checkout is shallow, so the history checks cannot run: $fix"
    fi
    note "the checkout is shallow: fetching the history from $remote"
    refspecs=()
    if [ -n "$base_ref" ]; then
        refspecs+=("+refs/heads/$base_ref:refs/remotes/$remote/$base_ref")
    fi
    if ! git fetch --quiet --no-tags --unshallow "$remote" "${refspecs[@]}" >&2; then
        fail "the checkout is shallow and its history could not be fetched from $remote: $fix"
    fi
fi
if [ -n "$base_sha" ] && ! git cat-file -e "$base_sha^{commit}" 2>/dev/null; then
    note "fetching the pull request's base commit $base_sha"
    git fetch --quiet --no-tags "$remote" "$base_sha" >&2 ||
        fail "the pull request's base commit $base_sha could not be fetched from $remote: $fix"
fi
if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
    fail "the checkout is still shallow after fetching: $fix"
fi
if [ -n "$base_sha" ]; then
    merge_base=$(git merge-base HEAD "$base_sha") ||
        fail "HEAD and the pull request's base $base_sha have no common commit: $fix"
    note "history complete: merge base $merge_base"
else
    note "history complete"
fi
