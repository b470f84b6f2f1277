# Sourced by ./run test after the browser walk: proves the packed plugins
# install into an app nobody here wrote. It creates a Backstage app with
# @backstage/create-app (pinned), installs our tarballs into it, adds the
# backend plugin and catalog module, configures them against the stand-ins,
# builds and starts the app and walks it in Chromium. Sets install_status.
CREATE_APP_VERSION=0.9.2
INSTALL_DIR="$ROOT/.data/install-test"
INSTALL_LOG="$ROOT/.data/install-test.log"
install_status=0
install_started=$SECONDS

install_step() {
  echo "install-test: $*" >&2
}

install_fail() {
  echo "install-test: FAILED: $* (log: .data/install-test.log, its end below)" >&2
  tail -n 40 "$INSTALL_LOG" | sed 's/^/install-test log: /' >&2 || true
  install_status=1
}

# The new app resolves its dependencies from the registry: a failed fetch is tried again.
# It has no lockfile yet: not immutable, even where CI=true makes it the default.
install_app_deps() {
  local attempt
  for attempt in 1 2 3; do
    (cd "$INSTALL_DIR/app" && YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install) >> "$INSTALL_LOG" 2>&1 &&
      return 0
    echo "install-test: yarn install attempt $attempt failed" >> "$INSTALL_LOG"
    [ "$attempt" = 3 ] || sleep $((attempt * 15))
  done
  return 1
}

run_install_test() {
  rm -rf "$INSTALL_DIR"
  mkdir -p "$INSTALL_DIR/packs"
  : > "$INSTALL_LOG"

  install_step "packing the plugin packages"
  local pkg tarball
  while read -r pkg tarball; do
    yarn workspace "$pkg" build >> "$INSTALL_LOG" 2>&1 &&
      yarn workspace "$pkg" pack -o "$INSTALL_DIR/packs/$tarball" >> "$INSTALL_LOG" 2>&1 ||
      { install_fail "pack $pkg"; return; }
  done < <(node scripts/install-test/packages.js names)

  install_step "creating an app with @backstage/create-app@$CREATE_APP_VERSION"
  (cd "$INSTALL_DIR" && BACKSTAGE_APP_NAME=install-test \
    npm exec --yes "@backstage/create-app@$CREATE_APP_VERSION" -- \
    --path "$INSTALL_DIR/app" --skip-install) >> "$INSTALL_LOG" 2>&1 ||
    { install_fail "create-app"; return; }

  install_step "adding the plugins and their config"
  node scripts/install-test/configure.js "$INSTALL_DIR/app" "$INSTALL_DIR/packs" >> "$INSTALL_LOG" 2>&1 ||
    { install_fail "configure"; return; }

  install_step "yarn install (keytar may fail to build; it is not used)"
  install_app_deps || { install_fail "yarn install"; return; }
  node scripts/install-test/packages.js check "$INSTALL_DIR/app" >> "$INSTALL_LOG" 2>&1 ||
    { install_fail "installed packages"; return; }

  install_step "building the frontend"
  (cd "$INSTALL_DIR/app" && yarn workspace app build) >> "$INSTALL_LOG" 2>&1 ||
    { install_fail "frontend build"; return; }

  install_step "starting the stand-ins and the app's backend (which serves the built frontend)"
  SNYK_GITLAB_DEMO=true setsid node --require @backstage/cli/config/nodeTransform.cjs \
    scripts/install-test/standIns.ts >> "$INSTALL_LOG" 2>&1 &
  local stand_ins_pid=$!
  setsid sh -c 'cd "$1" && exec yarn workspace backend start' _ "$INSTALL_DIR/app" \
    >> "$INSTALL_LOG" 2>&1 &
  local backend_pid=$!
  local ready=
  for _ in $(seq 1 180); do
    if curl -sf -o /dev/null http://localhost:7007/.backstage/health/v1/readiness &&
      curl -sf -o /dev/null http://localhost:7007/ &&
      curl -s -o /dev/null http://localhost:7101/api/v4/user; then
      ready=1
      break
    fi
    sleep 2
  done
  if [ -z "$ready" ]; then
    install_fail "the app did not start"
  else
    install_step "walking the installed app in Chromium"
    E2E_NAME=install-test node e2e/walkthrough.js http://localhost:7007 ||
      install_fail "browser walk"
  fi
  kill -- -"$backend_pid" -"$stand_ins_pid" 2>/dev/null || true
  wait "$backend_pid" "$stand_ins_pid" 2>/dev/null || true
}

run_install_test
echo "install-test: $([ "$install_status" = 0 ] && echo passed || echo failed) in $((SECONDS - install_started)) s"
