#!/usr/bin/env bash
# Brings up Image Factory's local stack on a fresh Debian machine, idempotently:
# packages, Podman's Docker API socket, a registry on 127.0.0.1:5000, Postgres, the Temporal CLI and Trivy
# (built once into a per-machine tools cache), the local base image, and the migrated database.
# Each step says what it did or why it skipped. A second run takes seconds.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/setup-lib.sh
source "$here/scripts/setup-lib.sh"

step_packages
step_containers_conf
step_podman_socket
step_registry
step_postgres
step_tool temporal "$TEMPORAL_VERSION" build_temporal
step_tool trivy "$TRIVY_VERSION" build_trivy
step_tool trivy-test-db "$TRIVY_VERSION" build_trivy_test_db
step_base_image
step_database
step_audit_key
step_payload_key

printf '\nsetup: done in %ss. Tools in %s; services: Docker API %s, registry %s, Postgres %s.\n' \
  "$SECONDS" "$TOOLS" "$PODMAN_SOCKET" "$REGISTRY_ADDR" "$PG_ADDR"
