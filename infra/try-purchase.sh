#!/usr/bin/env bash
# Buys a membership as a reader would, through the JSON API and the emulator's hosted checkout page.
# Usage: infra/try-purchase.sh EMAIL [PLAN]   (against ./build.sh run; BASE overrides http://127.0.0.1:5080)
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:5080}; EMAIL=$1; PLAN=${2:-adfree-monthly}; JAR=$(mktemp)
H=(-H "Origin: $BASE" -H 'Content-Type: application/json')
curl -s -o /dev/null -w 'register %{http_code}\n' "${H[@]}" -d "{\"email\":\"$EMAIL\",\"password\":\"Reader-Pass-123!\"}" "$BASE/api/v1/account/register"
curl -s -o /dev/null -w 'login %{http_code}\n' -c "$JAR" -b "$JAR" "${H[@]}" -d "{\"email\":\"$EMAIL\",\"password\":\"Reader-Pass-123!\"}" "$BASE/api/v1/account/login?useCookies=true"
checkout=$(curl -s -c "$JAR" -b "$JAR" "${H[@]}" -d "{\"planKey\":\"$PLAN\"}" -w '\n%{http_code}' "$BASE/api/v1/me/checkout")
echo "checkout $(echo "$checkout" | tail -1): $(echo "$checkout" | head -1 | cut -c1-200)"
url=$(echo "$checkout" | head -1 | sed -n 's/.*"url":"\([^"]*\)".*/\1/p')
[ -n "$url" ] || exit 1
curl -s -o /dev/null -w 'pay %{http_code} -> %{redirect_url}\n' -d card_number=4242424242424242 "$url"
for i in $(seq 1 50); do
  me=$(curl -s -b "$JAR" "$BASE/api/v1/me")
  echo "$me" | grep -q '"adFree":true' && break; sleep 0.2
done
echo "me: $me" | cut -c1-300
