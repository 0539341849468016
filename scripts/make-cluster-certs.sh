#!/usr/bin/env bash
# Makes the lab's cluster certificates for Artery TLS with mutual authentication:
#   a lab CA (kept in OUT/ca.p12: guard it; it signs new nodes),
#   OUT/truststore.p12 (the CA certificate: every node gets a copy),
#   OUT/NODE.p12 for each NODE (its key and certificate chain: that node only),
#   OUT/password (the stores' password, mode 600) unless TLAB_CERT_PASSWORD is set.
# Run it again with more node names to add nodes: an existing CA is reused.
#
#   scripts/make-cluster-certs.sh certs orchestrator worker-1 10.0.0.12
#
# Then on each node:
#   TLAB_CLUSTER_TLS=on TLAB_CLUSTER_KEYSTORE=certs/NODE.p12 TLAB_CLUSTER_TRUSTSTORE=certs/truststore.p12 \
#   TLAB_CLUSTER_KEYSTORE_PASSWORD=... TLAB_CLUSTER_TRUSTSTORE_PASSWORD=... ./tlab worker --join ...
# Only keytool is needed (any JDK 11+).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 OUT_DIR NODE [NODE...]   (NODE: a host name or IP address, also the certificate's name)" >&2
  exit 2
fi
out="$1"; shift
keytool="keytool"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/keytool" ]; then keytool="$JAVA_HOME/bin/keytool"; fi
command -v "$keytool" >/dev/null 2>&1 || { echo "$0: keytool not found (install a JDK or set JAVA_HOME)" >&2; exit 1; }

mkdir -p "$out"
umask 077
if [ -n "${TLAB_CERT_PASSWORD:-}" ]; then
  pass="$TLAB_CERT_PASSWORD"
elif [ -f "$out/password" ]; then
  pass="$(cat "$out/password")"
else
  pass="$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24)"
  printf '%s' "$pass" > "$out/password"
fi
# keytool is a short-lived JVM: the quick JIT tier makes it start in about half the time.
kt() { "$keytool" -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC "$@" 2>/dev/null; }

if [ ! -f "$out/ca.p12" ]; then
  kt -genkeypair -alias lab-ca -keyalg RSA -keysize 3072 -validity 3650 -dname "CN=TransferLab lab CA" \
     -ext bc:c -ext ku:c=keyCertSign,cRLSign -keystore "$out/ca.p12" -storetype PKCS12 -storepass "$pass"
  echo "made the lab CA in $out/ca.p12"
fi
kt -exportcert -rfc -alias lab-ca -keystore "$out/ca.p12" -storepass "$pass" -file "$out/ca.pem"
rm -f "$out/truststore.p12"
kt -importcert -noprompt -alias lab-ca -file "$out/ca.pem" -keystore "$out/truststore.p12" -storetype PKCS12 -storepass "$pass"

for node in "$@"; do
  if [[ "$node" =~ ^[0-9.]+$ || "$node" == *:* ]]; then san="ip:$node"; else san="dns:$node"; fi
  rm -f "$out/$node.p12"
  kt -genkeypair -alias node -keyalg RSA -keysize 2048 -validity 825 -dname "CN=$node" \
     -keystore "$out/$node.p12" -storetype PKCS12 -storepass "$pass"
  kt -certreq -alias node -keystore "$out/$node.p12" -storepass "$pass" -file "$out/$node.csr"
  kt -gencert -rfc -alias lab-ca -keystore "$out/ca.p12" -storepass "$pass" -validity 825 \
     -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth,clientAuth -ext "san=$san" \
     -infile "$out/$node.csr" -outfile "$out/$node.pem"
  kt -importcert -noprompt -alias lab-ca -file "$out/ca.pem" -keystore "$out/$node.p12" -storepass "$pass"
  kt -importcert -noprompt -alias node -file "$out/$node.pem" -keystore "$out/$node.p12" -storepass "$pass"
  rm -f "$out/$node.csr"
  echo "made $out/$node.p12 for $node"
done
echo "trust store: $out/truststore.p12; password in $out/password (or TLAB_CERT_PASSWORD)"
