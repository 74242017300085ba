#!/usr/bin/env bash
# Makes a class-data-sharing archive for the image with the image's own JVM (Jib runs no program while it
# builds): the image's layers unpacked into a folder, one run of its entrypoint against the built-in sandbox in a
# chroot as the image's user, with -XX:ArchiveClassesAtExit; the archive is kept only if that run finished (exit 0
# or 2) and the image's JVM maps it (-Xshare:on). It is written to <out>/app/cds/app.jsa, for Jib to add as an
# extra directory (README "Container"). Needs root (chroot, mount) and an image built on a base whose files are
# here, e.g. the one samples/container/build-base-image.sh makes.
#
#   samples/container/add-cds-archive.sh target/jib-image.tar target/cds-layer
set -euo pipefail
tarball=${1:-target/jib-image.tar}
out=${2:-target/cds-layer}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ -f "$tarball" ] || { echo "add-cds-archive: $tarball does not exist (mvn -Pimage package)" >&2; exit 1; }
work=$(mktemp -d)
root="$work/rootfs"
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

tar -C "$work" -xf "$tarball"
mkdir -p "$root"
for layer in $(jq -r '.[0].Layers[]' "$work/manifest.json"); do
  tar -C "$root" -xzf "$work/$layer" 2>/dev/null || tar -C "$root" -xf "$work/$layer"
done
config="$work/$(jq -r '.[0].Config' "$work/manifest.json")"
user=$(jq -r '.config.User' "$config")
mapfile -t env_args < <(jq -r '.config.Env[]' "$config")
# the entrypoint without its JVM flags: java -cp @/app/jib-classpath-file <main class>
classpath=$(jq -r '.config.Entrypoint as $e | $e[($e | index("-cp")) + 1]' "$config")
main=$(jq -r '.config.Entrypoint[-1]' "$config")
mkdir -p "$root/proc" && mount -t proc proc "$root/proc"

training="$root/tmp/cds"
mkdir -p "$training"
cp "$here/samples/memberships.csv" "$here/samples/sandbox-tenant.json" "$training/"
chown -R "$user" "$training"
in_image() { chroot --userspec="$user" "$root" /usr/bin/env -i "${env_args[@]}" sh -c 'cd /tmp/cds && exec "$@"' sh "$@"; }

set +e
in_image java -XX:ArchiveClassesAtExit=/tmp/cds/app.jsa -cp "$classpath" "$main" --sandbox --quiet \
  --sync.input=/tmp/cds/memberships.csv --sync.sandbox-seed=/tmp/cds/sandbox-tenant.json \
  --sync.report-dir=/tmp/cds/report --spring.datasource.url=jdbc:h2:file:/tmp/cds/db/job \
  > "$work/training.log" 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ] || [ ! -s "$training/app.jsa" ]; then
  cat "$work/training.log" >&2
  echo "add-cds-archive: the training run ended with exit $rc; no archive" >&2
  exit 1
fi
version=$(in_image java -Xshare:on -XX:SharedArchiveFile=/tmp/cds/app.jsa -Xlog:cds=off -cp "$classpath" "$main" --version)
[[ "$version" == "org-member-sync "* ]] || { echo "add-cds-archive: the image's JVM refused the archive: $version" >&2; exit 1; }
mkdir -p "$out/app/cds"
cp "$training/app.jsa" "$out/app/cds/app.jsa"
echo "add-cds-archive: $out/app/cds/app.jsa ($(du -h "$out/app/cds/app.jsa" | cut -f1)), made by the image's JVM; it answers: $version"
