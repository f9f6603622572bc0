# Step functions for scripts/setup.sh (sourced). Every step prints one line: done, or skipped and why.
# Paths and versions are overridable from the environment; the defaults are the local stack.

TEMPORAL_VERSION=1.5.1
TRIVY_VERSION=0.74.0
TOOLS=${IMAGEFACTORY_TOOLS:-$HOME/.cache/imagefactory/tools}
STATE=${IMAGEFACTORY_STATE:-/var/lib/imagefactory}
PODMAN_SOCKET=${PODMAN_SOCKET:-/run/podman/podman.sock}
REGISTRY_ADDR=${REGISTRY_ADDR:-127.0.0.1:5000}
PG_PORT=${PG_PORT:-5432}
PG_ADDR=127.0.0.1:$PG_PORT
PG_CLUSTER=${PG_CLUSTER:-main}
BASE_IMAGE=${BASE_IMAGE:-$REGISTRY_ADDR/imagefactory/base/busybox:1}
PACKAGES=(podman runc docker-registry busybox-static curl apache2-utils openssl poppler-utils fonts-dejavu-core)

did() { printf '  done     %-16s %s\n' "$1" "$2"; }
skip() { printf '  skipped  %-16s %s\n' "$1" "$2"; }
fail() { printf 'setup: %s\n' "$1" >&2; exit 1; }
need_root() {
  [ "$(id -u)" = 0 ] || fail "$1 needs root: run 'sudo npm run setup' (or as root) once; later runs need no root if nothing is missing."
}
# Writes $2 to file $1 only when it differs; returns 0 when it changed the file.
write_if_changed() {
  if [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; then return 1; fi
  mkdir -p "$(dirname "$1")" && printf '%s\n' "$2" >"$1"
}
wait_for() { # $1: what, $2: seconds, rest: command that succeeds when ready
  local what=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "$what did not come up within ${secs}s; see $STATE/logs/"
}

step_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  if [ ${#missing[@]} = 0 ]; then skip packages "already installed: ${PACKAGES[*]}"; return; fi
  need_root "installing ${missing[*]}"
  command -v apt-get >/dev/null || fail "missing packages ${missing[*]} and no apt-get: install them with your package manager."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  did packages "installed ${missing[*]}"
}

step_containers_conf() {
  local changed=()
  # RUN steps need the runc engine with cgroupfs; running containers needs the ulimits root here may set.
  write_if_changed /etc/containers/containers.conf '[containers]
cgroups = "enabled"
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"' && changed+=(containers.conf)
  write_if_changed /etc/containers/storage.conf '[storage]
driver = "vfs"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"' && changed+=(storage.conf)
  write_if_changed /etc/containers/registries.conf.d/50-imagefactory-local.conf "[[registry]]
location = \"$REGISTRY_ADDR\"
insecure = true" && changed+=(registries.conf.d/50-imagefactory-local.conf)
  if [ ${#changed[@]} = 0 ]; then skip containers "configuration already in place"; else did containers "wrote ${changed[*]}"; RESTART_PODMAN=1; fi
}

podman_up() { curl -sf -o /dev/null --unix-socket "$PODMAN_SOCKET" http://d/_ping; }
step_podman_socket() {
  if podman_up && [ -z "${RESTART_PODMAN:-}" ]; then skip podman "Docker API already answering on $PODMAN_SOCKET"; return; fi
  need_root "starting Podman's Docker API socket"
  pkill -f "podman.*system service" 2>/dev/null || true
  mkdir -p "$(dirname "$PODMAN_SOCKET")" "$STATE/logs"
  setsid nohup podman system service --time=0 "unix://$PODMAN_SOCKET" >"$STATE/logs/podman.log" 2>&1 </dev/null &
  wait_for "Podman's Docker API" 20 podman_up
  did podman "Docker API on unix://$PODMAN_SOCKET"
}

registry_up() { curl -sf -o /dev/null "http://$REGISTRY_ADDR/v2/"; }
step_registry() {
  if registry_up; then skip registry "already answering on $REGISTRY_ADDR"; return; fi
  mkdir -p "$STATE/registry" "$STATE/logs"
  write_if_changed "$STATE/registry.yml" "version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $STATE/registry }
  delete: { enabled: true }
http:
  addr: $REGISTRY_ADDR" || true
  setsid nohup docker-registry serve "$STATE/registry.yml" >"$STATE/logs/registry.log" 2>&1 </dev/null &
  wait_for "the registry" 20 registry_up
  did registry "OCI registry on http://$REGISTRY_ADDR (data in $STATE/registry)"
}

pg_up() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }
# The local defaults log in as postgres (and as imagefactory) over the loopback without a password.
pg_login() { psql "postgres://postgres@$PG_ADDR/postgres" -w -Atqc 'SELECT 1' >/dev/null 2>&1; }
# The newest installed Postgres version that has the cluster, e.g. 15.
pg_version() { for v in $(ls /etc/postgresql 2>/dev/null | sort -Vr); do [ -d "/etc/postgresql/$v/$PG_CLUSTER" ] && { echo "$v"; return; }; done; }
step_postgres() {
  if command -v pg_isready >/dev/null && pg_up && pg_login; then skip postgres "already accepting connections on $PG_ADDR"; return; fi
  local what=()
  if ! command -v pg_ctlcluster >/dev/null; then
    need_root "installing Postgres (Debian's postgresql package)"
    command -v apt-get >/dev/null || fail "Postgres is not installed and there is no apt-get: install Postgres and run it on $PG_ADDR, or set DATABASE_URL."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    what+=("installed Debian's postgresql")
  fi
  local version; version=$(pg_version)
  [ -n "$version" ] || fail "Postgres is installed but has no cluster named $PG_CLUSTER in /etc/postgresql: create one (pg_createcluster VERSION $PG_CLUSTER), or set DATABASE_URL."
  if ! pg_up; then
    need_root "starting the Postgres cluster $version/$PG_CLUSTER"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_CLUSTER" start
    wait_for Postgres 30 pg_up
    what+=("started cluster $version/$PG_CLUSTER")
  fi
  if ! pg_login; then
    local hba="/etc/postgresql/$version/$PG_CLUSTER/pg_hba.conf"
    need_root "letting the local logins in without a password ($hba)"
    if ! grep -q '^# imagefactory local stack' "$hba"; then
      # First match wins in pg_hba.conf: these lines go on top. Rewritten in place to keep owner and mode.
      local rest; rest=$(cat "$hba")
      printf '%s\n' '# imagefactory local stack: the CLI'"'"'s default logins, loopback only, no password' \
        'host all all 127.0.0.1/32 trust' 'host all all ::1/128 trust' "$rest" >"$hba"
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" "$PG_CLUSTER" reload
    wait_for "a passwordless Postgres login" 10 pg_login
    what+=("loopback logins without a password in $hba")
  fi
  local summary; summary=$(printf '%s; ' "${what[@]}")
  did postgres "${summary%; } ($PG_ADDR)"
}

# step_tool NAME VERSION BUILDER: builds a tool once into $TOOLS/NAME-VERSION/NAME and reuses it after.
step_tool() {
  local name=$1 version=$2 builder=$3 dir="$TOOLS/$1-$2"
  if [ -x "$dir/$name" ] && [ "$name" != trivy-test-db -o "$dir/.source-sum" -nt "$here/scripts/trivy-test-db/main.go" ]; then
    skip "$name" "cached in $dir"; return
  fi
  command -v go >/dev/null || fail "building $name needs Go (1.26 or later): install it from https://go.dev/dl or your package manager."
  mkdir -p "$dir"
  printf '  building %-16s %s (once per machine; Temporal takes ~8 min, Trivy ~13 min on 2 cores)\n' "$name" "$version"
  local t0=$SECONDS
  "$builder" "$dir" >"$dir/build.log" 2>&1 || fail "building $name failed; see $dir/build.log"
  did "$name" "built in $((SECONDS - t0))s into $dir"
}
build_temporal() { GOBIN="$1" go install "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_VERSION"; }
build_trivy() {
  mkdir -p "$1/src"
  printf 'module tools\n\ngo 1.26\n\nrequire github.com/aquasecurity/trivy v%s\n' "$TRIVY_VERSION" >"$1/src/go.mod"
  (cd "$1/src" && GOEXPERIMENT=jsonv2 GOFLAGS=-mod=mod go build -o "$1/trivy" github.com/aquasecurity/trivy/cmd/trivy)
}
build_trivy_test_db() {
  (cd "$here/scripts/trivy-test-db" && GOFLAGS=-mod=mod go build -o "$1/trivy-test-db" .) && touch "$1/.source-sum"
}

base_image_manifest_url() { # 127.0.0.1:5000/a/b:tag -> http://127.0.0.1:5000/v2/a/b/manifests/tag
  local ref=${BASE_IMAGE#*/}
  printf 'http://%s/v2/%s/manifests/%s' "${BASE_IMAGE%%/*}" "${ref%:*}" "${ref##*:}"
}
step_base_image() {
  if podman image exists "$BASE_IMAGE" 2>/dev/null && curl -sfI -o /dev/null \
     -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
     "$(base_image_manifest_url)"; then
    skip base-image "$BASE_IMAGE present locally and in the registry"; return
  fi
  local ctx; ctx=$(mktemp -d)
  mkdir -p "$ctx/bin" "$ctx/etc" "$ctx/tmp"
  cp /bin/busybox "$ctx/bin/busybox"
  for app in $("$ctx/bin/busybox" --list); do [ "$app" = busybox ] || ln -sf busybox "$ctx/bin/$app"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$ctx/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$ctx/etc/group"
  printf 'FROM scratch\nCOPY . /\nENV PATH=/bin\nCMD ["/bin/sh"]\n' >"$ctx/Containerfile"
  podman build -q -t "$BASE_IMAGE" -f "$ctx/Containerfile" "$ctx" >/dev/null
  podman push -q "$BASE_IMAGE" >/dev/null
  rm -rf "$ctx"
  did base-image "$BASE_IMAGE built from busybox-static and pushed"
}

# Migrates as the owner (postgres) and makes the app's own login (imagefactory); two lines, joined here.
step_database() {
  local out
  out=$(cd "$here" && node bin/imagefactory.js migrate 2>&1) || fail "migrating the database failed: $out"
  out=${out//$'\n'/; }
  case "$out" in
    "database up to date"*"unchanged"*) skip database "$out" ;;
    *) did database "$out" ;;
  esac
}

# The Ed25519 key that signs audit checkpoints and exports (IMAGEFACTORY_AUDIT_KEY): made once, then kept.
step_audit_key() {
  local out
  out=$(cd "$here" && node bin/imagefactory.js audit keygen 2>&1) || fail "making the audit signing key failed: $out"
  case "$out" in
    kept*) skip audit-key "$out" ;;
    *) did audit-key "$out" ;;
  esac
}

# The key that encrypts what Temporal stores (lib/payload-keys.ts): made once on this machine's embedded
# stack; with TEMPORAL_ADDRESS set the deployment's shared key must be given instead.
step_payload_key() {
  local out
  out=$(cd "$here" && node --input-type=module -e "
    const { loadConfig } = await import('./dist/lib/config.js');
    const { preparePayloadKey } = await import('./dist/lib/payload-keys.js');
    const r = preparePayloadKey(loadConfig());
    console.log((r.made ? 'made ' : 'kept ') + r.message);" 2>&1) || fail "preparing the payload key failed: $out"
  case "$out" in
    made\ *) did payload-key "${out#made }" ;;
    *) skip payload-key "${out#kept }" ;;
  esac
}
