#!/usr/bin/env sh
# Writes <tool-folder>/asynclab-jupyter-kernel, the program the ".NET (C#)" kernel spec starts for every student
# (.devcontainer/classroom-kernel.sh runs this script after installing the kernel tool into <tool-folder>).
#
#   sh .devcontainer/kernel-launcher.sh <tool-folder>
#
# ASYNCLAB_KERNEL_HEAP (when this script runs) caps each kernel's managed memory: a size such as 512m or 2g, or
# "off" for no cap. Default 1g. The launcher passes it to .NET as DOTNET_GCHeapHardLimit: past it, an allocation in
# a student's cell throws OutOfMemoryException in that cell and the kernel goes on, where without it one runaway
# cell (a loop that keeps everything it makes) grows until the machine runs out of memory for every student. It caps
# the garbage-collected heap only, not the runtime's and the compiler's own memory, so a kernel's resident memory
# can be larger than the cap (README, "Sizing a class": about 0.5 GB per kernel after a lesson).
# The kernel keeps the server GC its tool asks for: measured on the lessons, DOTNET_gcServer=0 (workstation GC) makes
# a kernel larger, not smaller (README, "Sizing"). A DOTNET_GCHeapHardLimit already in the kernel's environment (a
# hub's c.Spawner.environment) wins over the one written here.
set -eu

if [ "$#" -ne 1 ]; then
  echo "usage: sh .devcontainer/kernel-launcher.sh <tool-folder>" >&2
  exit 2
fi
tools=$(CDPATH= cd -- "$1" && pwd)

heap=${ASYNCLAB_KERNEL_HEAP:-1g}
case "$heap" in
  off) limit= ;;
  *[!0-9mMgG]* | [mMgG]* | 0* | *[0-9] | *[mMgG]*[mMgG]*)
    echo "kernel-launcher: ASYNCLAB_KERNEL_HEAP='$heap' is not a size; use e.g. ASYNCLAB_KERNEL_HEAP=1g, 512m, or off." >&2
    exit 2 ;;
  *[mM]) limit=$(printf '0x%X' $(( ${heap%?} * 1024 * 1024 ))) ;;
  *) limit=$(printf '0x%X' $(( ${heap%?} * 1024 * 1024 * 1024 ))) ;;
esac
if [ -n "$limit" ]; then
  cap="# Each kernel's managed heap stops at ASYNCLAB_KERNEL_HEAP=$heap (set when the launcher was written).
export DOTNET_GCHeapHardLimit=\"\${DOTNET_GCHeapHardLimit:-$limit}\""
else
  cap="# No cap on the kernel's managed heap (ASYNCLAB_KERNEL_HEAP=off when the launcher was written)."
fi

# The kernel spec that `dotnet interactive jupyter install` writes starts `dotnet interactive jupyter ...
# --http-port-range 2048-3000`; the launcher replaces that (see classroom-kernel.sh for why): it runs the tool of
# <tool-folder> by its full path, and starts each kernel's search for a free port for its web API at a random port
# between 10000 and 30000 (below the ports the system hands out for Jupyter's own connections), on 127.0.0.1 only.
launcher="$tools/asynclab-jupyter-kernel"
cat >"$launcher" <<LAUNCHER
#!/bin/sh
# Starts the pinned .NET Interactive kernel for Jupyter (written by .devcontainer/kernel-launcher.sh).
$cap
start=\$(( 10000 + \$(od -An -N2 -tu2 /dev/urandom) % 20000 ))
exec "$tools/dotnet-interactive" jupyter "\$@" --http-local-only --http-port-range "\$start-\$((start + 200))"
LAUNCHER
chmod a+rx "$launcher"
echo "$launcher"
