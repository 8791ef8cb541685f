#!/usr/bin/env bash
# A throwaway CA and a server certificate it signs, for `make agents` and the fault tests (never for production:
# the CA key sits next to the certificates). Usage: scripts/dev-ca.sh DIR [EXTRA-IP...]
# Writes DIR/ca.pem (what agents trust: --tls-ca), DIR/server.pem and DIR/server.key (--tls-cert, --tls-key) for
# localhost, 127.0.0.1 and each EXTRA-IP. Kept when already there.
set -euo pipefail
dir=$1; shift
mkdir -p "$dir"
[ -s "$dir/server.pem" ] && [ -s "$dir/server.key" ] && [ -s "$dir/ca.pem" ] && exit 0
san="DNS:localhost,IP:127.0.0.1"
for ip in "$@"; do san="$san,IP:$ip"; done
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 30 -subj "/CN=podwatch dev CA" 2>/dev/null
openssl req "${ec[@]}" -keyout "$dir/server.key" -out "$dir/server.csr" -subj "/CN=podwatch-server" 2>/dev/null
echo "subjectAltName=$san" > "$dir/san.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
  -out "$dir/server.pem" -days 30 -extfile "$dir/san.ext" 2>/dev/null
chmod 600 "$dir/ca.key" "$dir/server.key"
