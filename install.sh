#!/bin/sh
# Installs the download-models binary.
#
#   curl -fsSL https://github.com/download-models/download-models/releases/latest/download/install.sh | sh
#
# Picks the build for this OS, CPU and C library, checks it against the release's SHA256SUMS (nothing is
# installed on a mismatch) and puts the binary in DOWNLOAD_MODELS_INSTALL_DIR, else /usr/local/bin as root,
# else ~/.local/bin.
#
# Variables:
#   DOWNLOAD_MODELS_INSTALL_DIR   where to put the binary
#   DOWNLOAD_MODELS_VERSION       a release version (e.g. 0.1.0) instead of the latest
#   DOWNLOAD_MODELS_INSTALL_URL   a folder (URL) holding the release files and SHA256SUMS: a mirror, a test
#
# POSIX sh only (dash, busybox ash): no bash features.
set -eu

# The project's release page. Assets are at $RELEASES/latest/download/NAME and $RELEASES/download/vX.Y.Z/NAME.
RELEASES="https://github.com/download-models/download-models/releases"

say() { printf '%s\n' "download-models install: $*" >&2; }
fail() { say "error: $*"; exit 1; }

platform() {
    case "$(uname -s)" in
        Linux) os=linux ;;
        Darwin) os=osx ;;
        *) fail "no build for $(uname -s): Linux and macOS only (or build from source, see the README)" ;;
    esac
    case "$(uname -m)" in
        x86_64 | amd64) arch=x64 ;;
        aarch64 | arm64) arch=arm64 ;;
        *) fail "no build for the $(uname -m) processor: x86_64 and arm64 only" ;;
    esac
    if [ "$os" = linux ] && is_musl; then
        fail "this system uses musl (Alpine?): there is no musl build yet; use a glibc-based image (see Platforms in the README)"
    fi
    if [ "$os" = linux ]; then
        check_glibc
    fi
    echo "$os-$arch"
}

is_musl() {
    for loader in /lib/ld-musl-*.so.1; do
        [ -e "$loader" ] && return 0
    done
    ldd --version 2>&1 | grep -qi musl
}

# The binary needs glibc 2.34 or newer (README, Platforms).
check_glibc() {
    version=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc \([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p')
    [ -n "$version" ] || return 0
    set -- $version
    if [ "$1" -lt 2 ] || { [ "$1" -eq 2 ] && [ "$2" -lt 34 ]; }; then
        fail "glibc $1.$2 is too old: download-models needs glibc 2.34 or newer"
    fi
}

fetch() { # URL FILE
    if command -v curl >/dev/null 2>&1; then
        curl -fsSL --retry 3 -o "$2" "$1" || fail "could not download $1"
    elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$2" "$1" || fail "could not download $1"
    else
        fail "neither curl nor wget is installed"
    fi
}

sha256() { # FILE
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    elif command -v openssl >/dev/null 2>&1; then
        openssl dgst -sha256 "$1" | sed 's/^.*= *//'
    else
        fail "no SHA-256 tool (sha256sum, shasum or openssl) to check the download with"
    fi
}

install_dir() {
    if [ -n "${DOWNLOAD_MODELS_INSTALL_DIR:-}" ]; then
        echo "$DOWNLOAD_MODELS_INSTALL_DIR"
    elif [ "$(id -u)" = 0 ]; then
        echo /usr/local/bin
    elif [ -n "${HOME:-}" ]; then
        echo "$HOME/.local/bin"
    else
        fail "HOME is not set: set DOWNLOAD_MODELS_INSTALL_DIR to the folder to install into"
    fi
}

main() {
    rid=$(platform)
    if [ -n "${DOWNLOAD_MODELS_INSTALL_URL:-}" ]; then
        base=${DOWNLOAD_MODELS_INSTALL_URL%/}
    elif [ -n "${DOWNLOAD_MODELS_VERSION:-}" ]; then
        base="$RELEASES/download/v${DOWNLOAD_MODELS_VERSION#v}"
    else
        base="$RELEASES/latest/download"
    fi
    dir=$(install_dir)

    tmp=$(mktemp -d "${TMPDIR:-/tmp}/download-models-install.XXXXXX") || fail "could not create a temporary folder"
    trap 'rm -rf "$tmp"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    fetch "$base/SHA256SUMS" "$tmp/SHA256SUMS"
    # One line per archive: "<sha256>  download-models-<version>-<rid>.tar.gz".
    line=$(grep -E "^[0-9a-f]{64}  download-models-[^ ]+-$rid\.tar\.gz\$" "$tmp/SHA256SUMS" | head -n 1) || true
    [ -n "$line" ] || fail "the release at $base has no build for $rid"
    expected=${line%% *}
    archive=${line##* }

    say "downloading $archive"
    fetch "$base/$archive" "$tmp/$archive"
    actual=$(sha256 "$tmp/$archive")
    [ "$actual" = "$expected" ] || fail "checksum mismatch for $archive (expected $expected, got $actual): nothing was installed"

    mkdir "$tmp/x"
    tar -xzf "$tmp/$archive" -C "$tmp/x" || fail "could not unpack $archive"
    binary=$(find "$tmp/x" -type f -name download-models | head -n 1)
    [ -n "$binary" ] || fail "$archive holds no download-models binary"

    mkdir -p "$dir" || fail "could not create $dir (set DOWNLOAD_MODELS_INSTALL_DIR)"
    # Copy next to the target, then rename: a running copy is never overwritten in place.
    cp "$binary" "$dir/.download-models.$$" || fail "could not write to $dir (set DOWNLOAD_MODELS_INSTALL_DIR)"
    chmod 755 "$dir/.download-models.$$"
    mv -f "$dir/.download-models.$$" "$dir/download-models" || fail "could not install into $dir"

    say "installed $dir/download-models ($("$dir/download-models" --version 2>/dev/null || echo "version unknown"))"
    case ":${PATH:-}:" in
        *":$dir:"*) ;;
        *) say "note: $dir is not on PATH; add it, or run $dir/download-models" ;;
    esac
}

main "$@"
