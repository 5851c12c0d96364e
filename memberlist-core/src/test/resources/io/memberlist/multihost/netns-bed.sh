#!/usr/bin/env bash
# The supervisor of one multi-host test bed (io.memberlist.multihost.NetnsBed). Run it as root inside
#   unshare -n -m --propagation private bash netns-bed.sh HOSTS PREFIX MAX_SECONDS
# so that everything it creates lives in a network and mount namespace of its own: a bridge br0, and HOSTS
# named network namespaces ns1..nsHOSTS (on a private tmpfs at /run/netns, invisible outside), each with lo and
# a veth eth0 on the bridge carrying PREFIX.K/24. Nothing is routed anywhere else.
#
# It prints "READY <pid>" (the pid to nsenter), then waits for its stdin to close (the test ended or its JVM
# died) or for MAX_SECONDS to pass, and kills every process left in its namespaces. The namespaces vanish with
# their last process.
set -euo pipefail
HOSTS=$1
PREFIX=$2
MAX_SECONDS=$3

cleanup() {
  for k in $(seq 1 "$HOSTS"); do
    ip netns pids "ns$k" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  done
}
trap cleanup EXIT

mkdir -p /run/netns
mount -t tmpfs -o size=1m netns-bed /run/netns
ip link set lo up
ip link add br0 type bridge
ip link set br0 up
for k in $(seq 1 "$HOSTS"); do
  ip netns add "ns$k"
  ip link add "veth$k" type veth peer name eth0 netns "ns$k"
  ip link set "veth$k" master br0 up
  ip -n "ns$k" link set lo up
  ip -n "ns$k" addr add "$PREFIX.$k/24" dev eth0
  ip -n "ns$k" link set eth0 up
done

echo "READY $$"
timeout "$MAX_SECONDS" cat >/dev/null || true
