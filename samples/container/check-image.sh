#!/usr/bin/env bash
# Checks the image tarball Jib wrote, with plain tools (tar, jq): entrypoint, user, working directory,
# JAVA_TOOL_OPTIONS. With --run (root needed) it also unpacks the layers and runs the entrypoint in a
# chroot as the image's user, as a container engine would, and checks `--version` answers (and, when the
# entrypoint names a class-data archive, that the JVM maps it).
#
#   samples/container/check-image.sh target/jib-image.tar [--run]
set -euo pipefail
tarball=${1:-target/jib-image.tar}
[ -f "$tarball" ] || { echo "FAIL: $tarball does not exist (mvn -Pimage package)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$tarball" manifest.json
config_file=$(jq -r '.[0].Config' "$work/manifest.json")
tar -C "$work" -xf "$tarball" "$config_file"
config="$work/$config_file"

fail() { echo "FAIL: $*"; exit 1; }
entrypoint=$(jq -r '.config.Entrypoint | join(" ")' "$config")
user=$(jq -r '.config.User' "$config")
workdir=$(jq -r '.config.WorkingDir' "$config")
tool_options=$(jq -r '.config.Env[] | select(startswith("JAVA_TOOL_OPTIONS="))' "$config")
[[ "$entrypoint" == java* && "$entrypoint" == *dev.orgmembersync.OrgMemberSyncApplication* ]] \
  || fail "entrypoint is '$entrypoint'"
[[ "$user" == "65532:65532" ]] || fail "user is '$user', expected the non-root 65532:65532"
[[ "$workdir" == "/workspace" ]] || fail "working directory is '$workdir'"
[[ "$tool_options" == *MaxRAMPercentage* ]] || fail "JAVA_TOOL_OPTIONS is '$tool_options'"
echo "ok: entrypoint '$entrypoint', user $user, working directory $workdir, $tool_options"

if [ "${2:-}" = "--run" ]; then
  root="$work/rootfs"
  mkdir -p "$root"
  tar -C "$work" -xf "$tarball"
  for layer in $(jq -r '.[0].Layers[]' "$work/manifest.json"); do
    tar -C "$root" -xzf "$work/$layer" 2>/dev/null || tar -C "$root" -xf "$work/$layer"
  done
  mkdir -p "$root/proc" && mount -t proc proc "$root/proc"
  trap 'umount "$root/proc" 2>/dev/null; rm -rf "$work"' EXIT
  mapfile -t env_args < <(jq -r '.config.Env[]' "$config")
  version=$(chroot --userspec="$user" "$root" /usr/bin/env -i "${env_args[@]}" sh -c "cd $workdir && $entrypoint --version" 2>&1 | tail -1)
  [[ "$version" == "org-member-sync "* ]] || fail "the image answered '$version' to --version"
  echo "ok: the image runs as $user and answers: $version"
  if [[ "$entrypoint" == *SharedArchiveFile* ]]; then
    # -Xshare:on: the JVM stops instead of running without the archive when it cannot map it
    strict=$(chroot --userspec="$user" "$root" /usr/bin/env -i "${env_args[@]/#JAVA_TOOL_OPTIONS=/JAVA_TOOL_OPTIONS=-Xshare:on }" \
      sh -c "cd $workdir && $entrypoint --version" 2>&1 | tail -1)
    [[ "$strict" == "org-member-sync "* ]] || fail "the image's JVM does not map its class-data archive: $strict"
    echo "ok: the image's JVM maps its class-data archive (-Xshare:on)"
  fi
fi
