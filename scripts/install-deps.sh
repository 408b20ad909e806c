#!/bin/sh
# Installs everything kts and its tests need on a fresh Debian 12 machine:
# the Debian packages (etcd and etcdctl, containerd, runc, CNI plugins, iptables, a browser for the
# dashboard tests, a registry with skopeo and htpasswd for the registry-pull tests) and the npm
# packages, including the Node 26 runtime (the `node` package).
set -eu
cd "$(dirname "$(readlink -f "$0")")/.."

packages="etcd-server etcd-client containerd runc containernetworking-plugins iptables openssl iproute2 conntrack catatonit busybox-static chromium docker-registry skopeo apache2-utils"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing Debian packages:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# The Debian units would start a system-wide etcd/containerd/registry; kts and its tests run their own.
for unit in etcd containerd docker-registry; do
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now "$unit" >/dev/null 2>&1 || true; fi
done

# `npm install` (not `npm ci`): it installs exactly what package-lock.json pins, but does not
# insist on lock entries for other platforms' optional binaries (biome ships one per OS), which
# the registry mirror these machines use does not carry.
if [ package-lock.json -nt node_modules/.package-lock.json ] || [ ! -x node_modules/.bin/node ]; then
  npm install --no-audit --no-fund
fi
