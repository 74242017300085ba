#!/usr/bin/env bash
# Builds a Java 17 runtime base image from Debian packages, as a `docker save` tarball that Jib can use
# with `-Djib.from.image=tar://...`, for machines that cannot pull eclipse-temurin from a registry.
# Needs root and debootstrap (apt-get install debootstrap); takes a few minutes.
#
#   samples/container/build-base-image.sh target/base-jre17.tar
set -euo pipefail
out=${1:-target/base-jre17.tar}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates-java bookworm "$root" "$mirror" >/dev/null
# Smaller image: no package caches, docs or man pages.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
# The user the job runs as (distroless' "nonroot" numbers), and a writable working directory.
echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin' >> "$root/etc/passwd"
echo 'nonroot:x:65532:' >> "$root/etc/group"
mkdir -p "$root/home/nonroot" "$root/workspace"
chown 65532:65532 "$root/home/nonroot" "$root/workspace"

image="$work/image"
mkdir -p "$image"
tar -C "$root" --numeric-owner -cf "$image/layer.tar" .
diff_id="sha256:$(sha256sum "$image/layer.tar" | cut -d' ' -f1)"
java_home=$(cd "$root" && ls -d usr/lib/jvm/java-17-openjdk-* | head -1)
cat > "$image/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/$java_home"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created_by":"samples/container/build-base-image.sh: debootstrap bookworm + openjdk-17-jre-headless"}]}
JSON
cat > "$image/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["org-member-sync-base:17"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$out")"
tar -C "$image" -cf "$out" manifest.json config.json layer.tar
echo "base image written to $out ($(du -h "$out" | cut -f1))"
