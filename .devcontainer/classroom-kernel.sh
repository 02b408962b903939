#!/usr/bin/env sh
# Makes the lessons run for every Jupyter user of one machine or image, whatever their home folder. A JupyterHub
# gives each student a home of their own, so nothing a teacher installs under their own home reaches the students.
#
#   sh .devcontainer/classroom-kernel.sh <tool-folder> <jupyter-data-folder>
#   e.g. sh .devcontainer/classroom-kernel.sh /opt/dotnet-tools /usr/local/share/jupyter
#   ASYNCLAB_KERNEL_HEAP=2g sh .devcontainer/classroom-kernel.sh ...   (each kernel's memory cap; default 1g, or off)
#
# The JupyterHub image (.devcontainer/jupyterhub.Dockerfile) runs it, and so does the test that runs a class on
# Debian's JupyterHub (tests/AsyncLab.Environment.Tests/JupyterHubClassTests.cs). It does three things, and
# running it again only repeats them:
#   1. installs the kernel tool, at the version pinned in .config/dotnet-tools.json, into <tool-folder>;
#   2. writes the ".NET (C#)" kernel spec into <jupyter-data-folder>/kernels (a folder Jupyter searches for every
#      user: /usr/local/share/jupyter, <python prefix>/share/jupyter, or one listed in JUPYTER_PATH), which starts
#      that tool through a launcher, <tool-folder>/asynclab-jupyter-kernel, so that a whole class can start at once;
#   3. builds the notebook helpers into helpers/.build/kernel, so no student's first cell builds them.
# Run `sh .devcontainer/post-create.sh` first, to fill the NuGet cache the build uses.
set -eu

if [ "$#" -ne 2 ]; then
  echo "usage: sh .devcontainer/classroom-kernel.sh <tool-folder> <jupyter-data-folder>" >&2
  echo "  e.g. sh .devcontainer/classroom-kernel.sh /opt/dotnet-tools /usr/local/share/jupyter" >&2
  exit 2
fi
mkdir -p "$1" "$2/kernels"
tools=$(CDPATH= cd -- "$1" && pwd)
kernels=$(CDPATH= cd -- "$2/kernels" && pwd)

repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$repo"

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

step() {
  printf '\n==> %s\n' "$1"
}

step "1/3 The pinned kernel tool in $tools"
version=$(sed -n '/"microsoft.dotnet-interactive"/,/}/s/.*"version": *"\([^"]*\)".*/\1/p' .config/dotnet-tools.json)
if [ -z "$version" ]; then
  echo "classroom-kernel: no version for microsoft.dotnet-interactive in .config/dotnet-tools.json." >&2
  exit 1
fi
# `update` installs the tool when the folder does not have it yet, and moves it to the pinned version otherwise.
dotnet tool update microsoft.dotnet-interactive --version "$version" --tool-path "$tools"

step "2/3 The kernel spec in $kernels"
# The tool writes the spec only into a folder that already exists (created above).
"$tools/dotnet-interactive" jupyter install --path "$kernels"
# The spec the tool writes starts the kernel with `dotnet interactive jupyter ... --http-port-range 2048-3000`.
# Two things go wrong with that on a hub, so the spec starts the launcher below instead:
#  - A student's kernel starts in the notebook's folder, inside this repository, where `dotnet interactive` means
#    the local tool of .config/dotnet-tools.json: it runs only for a user whose own home ran `dotnet tool restore`,
#    so under a hub it is "not found". The launcher runs the tool installed above by its full path.
#  - Every kernel also serves a small web API on the first free port of that range, on every network interface.
#    Kernels that start together all pick 2048, and all but one crash ("address already in use"). The launcher
#    starts each kernel's search at a random port, and keeps the API on 127.0.0.1 (a hub's browsers never use it).
# The launcher also caps each kernel's memory (ASYNCLAB_KERNEL_HEAP, default 1g; see kernel-launcher.sh).
launcher=$(sh "$repo/.devcontainer/kernel-launcher.sh" "$tools")
for spec in "$kernels"/.net-*/kernel.json; do
  python3 - "$spec" "$launcher" <<'PY'
import json, sys

path, launcher = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    spec = json.load(f)
argv = spec["argv"]
if argv[:3] == ["dotnet", "interactive", "jupyter"]:
    rest = argv[3:]
    if "--http-port-range" in rest:
        at = rest.index("--http-port-range")
        del rest[at:at + 2]
    spec["argv"] = [launcher] + rest
with open(path, "w", encoding="utf-8") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
PY
done
chmod -R a+rX "$tools" "$kernels"

step "3/3 Notebook helpers (helpers/.build/kernel)"
# The same build, under the same lock, as the lessons' setup cell (helpers/notebook-setup.csx): a kernel that starts
# while this runs waits for it instead of building as well.
mkdir -p helpers/.build/kernel
# An up-to-date build leaves the DLL alone; the touch marks it as newer than the sources, or the setup cell would
# build again. No build servers: a setup script leaves no MSBuild or compiler process running after it.
build='dotnet build helpers/AsyncLab.Interactive/AsyncLab.Interactive.csproj -c Release -o helpers/.build/kernel --nologo -v quiet -clp:ErrorsOnly --disable-build-servers && touch helpers/.build/kernel/AsyncLab.Interactive.dll'
if command -v flock >/dev/null 2>&1; then
  flock helpers/.build/kernel.lock sh -c "$build"
else
  sh -c "$build"
fi
chmod -R a+rX helpers/.build

printf '\nclassroom-kernel: done. Put %s on the students'"'"' PATH; the ".NET (C#)" kernel is in %s.\n' "$tools" "$kernels"
