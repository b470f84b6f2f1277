# Sourced by ./run test: starts the demo portal as `./run start` does, walks the
# guide (e2e/walkthrough.js) and the platform page (e2e/platformPage.js) in
# Debian's Chromium and stops the portal.
E2E_LOG="$ROOT/.data/e2e-portal.log"

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium from Debian packages ..." >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi
for port in 3000 7007 7101 7102; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is in use; stop the running portal before the browser test." >&2
    e2e_status=1
    return
  fi
done

mkdir -p "$ROOT/.data"
rm -rf "$ROOT"/.data/screenshots*
SNYK_GITLAB_DEMO=true setsid yarn start > "$E2E_LOG" 2>&1 &
portal_pid=$!
ready=
for _ in $(seq 1 180); do
  if curl -sf -o /dev/null http://localhost:3000/ && curl -sf -o /dev/null http://localhost:7007/.backstage/health/v1/readiness; then
    ready=1
    break
  fi
  sleep 2
done
e2e_status=0
if [ -z "$ready" ]; then
  echo "The portal did not start; see .data/e2e-portal.log" >&2
  echo "e2e: 0 passed, 1 failed"
  e2e_status=1
else
  node e2e/walkthrough.js http://localhost:3000 || e2e_status=$?
  # The platform page, on the state the guide's walk left.
  node e2e/platformPage.js http://localhost:3000 || e2e_status=$?
fi
kill -- -"$portal_pid" 2>/dev/null || true
wait "$portal_pid" 2>/dev/null || true
