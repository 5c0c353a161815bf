#!/usr/bin/env bash
# Build the tgradar image with podman and check it, with no Docker engine and no registry:
#   - the base image is a debootstrapped Debian (cached under $TGRADAR_CACHE between runs),
#   - wheels are built on the host and installed in the image with --no-index,
#   - containers run with --network none.
# Checks: runs as non-root, `tgradar --help` works, the detection cache built into the image
# is read, `tgradar demo` succeeds, and the health check passes while the demo runs.
# Idempotent; needs root and apt (installs podman & co).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${TGRADAR_CACHE:-/var/tmp/tgradar-container}"
SUITE="${TGRADAR_BASE_SUITE:-bookworm}"  # bookworm: Python 3.11, the same as the host's wheels
MIRROR="${TGRADAR_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE_IMAGE="localhost/tgradar-base:$SUITE"
IMAGE="${TGRADAR_IMAGE:-localhost/tgradar:test}"
PYTHON="${PYTHON:-$REPO/.venv/bin/python}"
export CONTAINERS_CONF="$REPO/deploy/containers.conf"

STARTED=$SECONDS
step() { printf '==> [%3ds] %s\n' "$((SECONDS - STARTED))" "$*" >&2; }
fail() { printf 'container_test: FAIL: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (podman builds here need root)"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"

mkdir -p "$CACHE"
exec 9>"$CACHE/lock"
flock 9  # one run at a time: they share the base image and the cache

install_tools() {
    local missing=()
    for tool in podman buildah debootstrap runc newuidmap; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [ "${#missing[@]}" -eq 0 ] && return
    step "installing podman, buildah, debootstrap (missing: ${missing[*]})"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends podman buildah debootstrap runc uidmap \
        containernetworking-plugins >/dev/null
}

base_image() {
    if podman image exists "$BASE_IMAGE"; then
        return
    fi
    local tarball="$CACHE/debian-$SUITE-python.tar"
    if [ ! -s "$tarball" ]; then
        local rootfs="$CACHE/rootfs-$SUITE"
        rm -rf "$rootfs"
        step "debootstrapping Debian $SUITE with Python (about a minute, cached afterwards)"
        debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
            "$SUITE" "$rootfs" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
            || fail "debootstrap failed; see $CACHE/debootstrap.log"
        # What a slim image leaves out: package caches and lists, docs, man pages, locales.
        rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
            "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
        tar -C "$rootfs" -cf "$tarball.partial" .
        mv "$tarball.partial" "$tarball"
        rm -rf "$rootfs"
    fi
    step "importing the base image $BASE_IMAGE"
    podman import --quiet --change 'CMD ["python3"]' "$tarball" "$BASE_IMAGE" >/dev/null
}

build_context() {
    # A copy of what the image needs, plus wheels; the repository itself is left untouched.
    local context="$1"
    mkdir -p "$context/deploy"
    cp "$REPO/Dockerfile" "$REPO/.dockerignore" "$REPO/pyproject.toml" "$REPO/README.md" \
        "$REPO/requirements.lock" "$context/"
    cp "$REPO/deploy/entrypoint.sh" "$context/deploy/"
    (cd "$REPO" && tar --exclude=__pycache__ -cf - bot) | tar -C "$context" -xf -
    step "building wheels on the host"
    # The locked dependencies (pip checks their hashes as it downloads them), then tgradar.
    { "$PYTHON" -m pip wheel --quiet --disable-pip-version-check --require-hashes \
        -r "$context/requirements.lock" -w "$context/wheels" \
      && "$PYTHON" -m pip wheel --quiet --disable-pip-version-check --no-deps \
        -w "$context/wheels" "$context"; } >"$CACHE/wheels.log" 2>&1 \
        || fail "pip wheel failed; see $CACHE/wheels.log"
    rm -rf "$context/build" "$context"/*.egg-info
}

build_image() {
    local context="$1"
    step "building $IMAGE"
    podman build --quiet --format docker --network none --label tgradar.image=test \
        --build-arg PYTHON_IMAGE="$BASE_IMAGE" -t "$IMAGE" "$context" >"$CACHE/build.log" 2>&1 \
        || { cat "$CACHE/build.log" >&2; fail "podman build failed"; }
}

check_image() {
    local work="$1" user help healthcheck
    user="$(podman run --rm --network none --no-healthcheck "$IMAGE" id -u)"
    [ "$user" != "0" ] || fail "the container runs as root"
    step "runs as uid $user"

    help="$(podman run --rm --network none --no-healthcheck "$IMAGE" tgradar --help)" \
        || fail "tgradar --help failed"
    grep -q "usage: tgradar" <<<"$help" || fail "tgradar --help printed no usage"
    step "tgradar --help works"

    # Compose style: the arguments are a tgradar command, even one named like a shell builtin.
    local eval_help
    eval_help="$(podman run --rm --network none --no-healthcheck "$IMAGE" eval --help 2>&1)" \
        || fail "\`docker run IMAGE eval --help\` failed: $eval_help"
    grep -q "usage: tgradar eval" <<<"$eval_help" \
        || fail "\`docker run IMAGE eval --help\` is not tgradar's: $eval_help"

    # Detection's derived tables were written at build time and are read as they are.
    local warm
    warm="$(podman run --rm --network none --no-healthcheck "$IMAGE" \
        python -m bot.detect.warm 2>&1)" || fail "the image's detection cache: $warm"
    [ "$(grep -o ' read' <<<"$warm" | wc -l)" -eq 4 ] \
        || fail "the image's detection cache is not read as built: $warm"
    step "the detection cache built into the image is read"

    [ -z "$(podman run --rm --network none --no-healthcheck "$IMAGE" ls -A /data)" ] \
        || fail "the image has files in /data (a session or database baked in?)"

    healthcheck="$(podman image inspect --format '{{json .Config.Healthcheck}}' "$IMAGE")"
    grep -q "bot.health" <<<"$healthcheck" || fail "the image has no HEALTHCHECK: $healthcheck"

    local title
    title="$(podman image inspect --format '{{index .Labels "org.opencontainers.image.title"}}' \
        "$IMAGE")"
    [ "$title" = "tgradar" ] || fail "the image has no OCI title label (got '$title')"

    # The image's own HEALTHCHECK asks /healthz; with no daemon running it must fail, clearly.
    local probe
    if probe="$(podman run --rm --network none --no-healthcheck "$IMAGE" \
            python -m bot.health --timeout 2 2>&1)"; then
        fail "the health check passed with no daemon running: $probe"
    fi
    grep -q "cannot reach" <<<"$probe" || fail "unexpected health check failure: $probe"

    # `login` without a terminal explains itself (once the command line has `login`).
    if grep -qw "login" <<<"$help"; then
        local login
        login="$(podman run --rm --network none --no-healthcheck \
            -e TGRADAR_API_ID=12345 -e TGRADAR_API_HASH=0123456789abcdef0123456789abcdef \
            "$IMAGE" login 2>&1 </dev/null)" && fail "login without a terminal succeeded"
        grep -q "tgradar login needs a terminal" <<<"$login" \
            || fail "login without a terminal said: $login"
        step "login without a terminal explains what to do"
    fi

    # The demo serves /healthz like the daemon; the image's own HEALTHCHECK judges it.
    local data="$work/data" name="$CONTAINER"
    mkdir -p "$data"
    chown "$user" "$data"
    podman rm -f "$name" >/dev/null 2>&1 || true
    podman run -d --name "$name" --network none -v "$data:/data" \
        --health-interval disable \
        "$IMAGE" demo --db /data/demo.db --speed 2 --json >/dev/null \
        || fail "the demo container did not start"

    local healthy=""
    for _ in $(seq 1 40); do
        if podman healthcheck run "$name" >/dev/null 2>&1; then
            healthy=yes
            break
        fi
        [ "$(podman inspect --format '{{.State.Running}}' "$name")" = "true" ] || break
        sleep 1
    done
    [ -n "$healthy" ] || {
        podman logs "$name" >&2 || true
        fail "the health check never passed while the demo ran"
    }
    step "the health check passes while the demo runs"

    local status
    status="$(podman wait "$name")"
    [ "$status" = "0" ] || { podman logs "$name" >&2; fail "tgradar demo exited with $status"; }
    podman logs "$name" 2>/dev/null | grep -q '"incidents"' \
        || fail "tgradar demo printed no summary"
    step "tgradar demo succeeds"
}

CONTAINER="tgradar-test-$$"
WORK=""
cleanup() {
    podman rm -f "$CONTAINER" >/dev/null 2>&1 || true
    [ -z "$WORK" ] || rm -rf "$WORK"
}

main() {
    install_tools
    base_image
    WORK="$(mktemp -d "$CACHE/run.XXXXXX")"
    trap cleanup EXIT
    build_context "$WORK/context"
    build_image "$WORK/context"
    check_image "$WORK"
    # Untagged leftovers of earlier runs of this script (the build stage, replaced images).
    podman image prune -f --filter label=tgradar.stage=build >/dev/null 2>&1 || true
    podman image prune -f --filter label=tgradar.image=test >/dev/null 2>&1 || true
    echo "container_test: OK"
}

main "$@"
