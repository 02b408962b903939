# syntax=docker/dockerfile:1
# AsyncLab for a whole class: a JupyterHub single-user (or Binder) image with the .NET 10 SDK, JupyterLab,
# and the pinned .NET Interactive kernel registered as ".NET (C#)".
#
# Build it from the repository root:
#   docker build -f .devcontainer/jupyterhub.Dockerfile -t asynclab-jupyter .
# Try it alone:
#   docker run --rm -p 8888:8888 asynclab-jupyter
# On a JupyterHub (e.g. Zero to JupyterHub), set singleuser.image to the pushed image.
# On Binder, copy this file to binder/Dockerfile (Binder reads binder/ or the root, not .devcontainer/).
#
# The kernel, its tool and the NuGet cache live under /opt, outside the home folder, so they still work
# when the hub mounts a persistent volume over /home/jovyan.
FROM mcr.microsoft.com/dotnet/sdk:10.0

ARG NB_USER=jovyan
ARG NB_UID=1000
# Set to 0 to skip running every lesson while the image is built (faster build, no executed notebooks).
ARG RUN_LESSONS=1

ENV NB_USER=${NB_USER} \
    NB_UID=${NB_UID} \
    USER=${NB_USER} \
    HOME=/home/${NB_USER} \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1 \
    NUGET_PACKAGES=/opt/nuget/packages \
    PATH=/opt/jupyter/bin:/opt/dotnet-tools:${PATH}

# Python only hosts Jupyter; the lessons are C#.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -m venv /opt/jupyter \
 && /opt/jupyter/bin/pip install --no-cache-dir "jupyterlab>=4,<5" "jupyterhub>=5,<6" "notebook>=7,<8"

# Binder and JupyterHub expect a user with UID 1000. Ubuntu images ship one called "ubuntu": replace it.
RUN if id -u ubuntu >/dev/null 2>&1; then userdel --remove ubuntu 2>/dev/null || userdel ubuntu; fi \
 && useradd --create-home --shell /bin/bash --uid ${NB_UID} ${NB_USER} \
 && mkdir -p /opt/nuget/packages /opt/dotnet-tools \
 && chown -R ${NB_UID}:${NB_UID} /opt/nuget /opt/dotnet-tools /opt/jupyter

COPY --chown=${NB_UID}:${NB_UID} . ${HOME}
USER ${NB_USER}
WORKDIR ${HOME}

# The same preparation as the dev container: pinned tools, helpers built, NuGet cache filled. The kernel folder
# must hold every layer a notebook loads: the library, the charts, the rate limiters, the page server, Polly, XPlot
# (loaded only by a cell that asks for it) and the kernel integration.
RUN sh .devcontainer/post-create.sh \
 && for layer in AsyncLab AsyncLab.Charts AsyncLab.RateLimiting AsyncLab.Server Polly.Core AsyncLab.XPlot AsyncLab.Interactive; do \
      test -f "helpers/.build/kernel/$layer.dll" || { echo "helpers/.build/kernel/$layer.dll is missing" >&2; exit 1; }; \
    done

# The pinned kernel for every user, whatever their home: the tool in /opt/dotnet-tools (on PATH), the ".NET (C#)"
# kernel spec in this Jupyter's share folder, calling the tool by its full path. The version comes from the tool
# manifest. The same script prepares a Debian JupyterHub, where a test runs a whole class (see the README).
RUN sh .devcontainer/classroom-kernel.sh /opt/dotnet-tools /opt/jupyter/share/jupyter \
 && jupyter kernelspec list

# Executed copies of every lesson (artifacts/notebooks/*.ipynb) and the offline site (artifacts/site/).
RUN if [ "$RUN_LESSONS" = "1" ]; then dotnet run --project helpers/AsyncLab.Runner; fi

EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser"]
