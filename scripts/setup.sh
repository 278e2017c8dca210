#!/usr/bin/env bash
# Installs every Debian 12 package Twinscape needs to build, run and test.
# Idempotent: runs `apt-get update` only when a package is missing. Works as root or via sudo.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # house rules: formatting (scripts/check-format.sh), function lengths (scripts/function-lengths.py)
  clang-format
  # Vulkan: loader + headers, shader compiler, validation layers, lavapipe (CPU device)
  libvulkan-dev glslc vulkan-validationlayers mesa-vulkan-drivers vulkan-tools
  # libraries
  libglm-dev libspng-dev zlib1g-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev
  # GIS and models: projections, geometry, model import (+ `assimp info` for benchmarks), cache compression
  libproj-dev proj-data libgeos-dev libassimp-dev assimp-utils libzstd-dev libxxhash-dev libstb-dev
  # parallel loops for the live layers (coverage, viewsheds)
  libtbb-dev
  # the window: GLFW, and an X server for window tests on machines without a display
  libglfw3-dev libimgui-dev fonts-dejavu-core xvfb xauth xdotool
  # live feeds: the MQTT client library, SQLite for recordings; a broker, its clients and
  # openssl for the feed tests (tests/support/broker.h)
  libmosquitto-dev libsqlite3-dev mosquitto mosquitto-clients openssl
  # video output: FFmpeg's libraries (H.264 through libx264, MP4, RGBA->YUV) and the ffmpeg /
  # ffprobe command lines the video tests read MP4s back with
  libavcodec-dev libavformat-dev libswscale-dev libavutil-dev ffmpeg
  # image tools used by the golden-image scripts
  python3
)

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
