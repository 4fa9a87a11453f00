# Sourced by .ci/run: installs Debian's chromium for the clinician page's browser tests (Playwright drives
# /usr/bin/chromium through ExecutablePath; no browser is ever downloaded by Playwright). Under CI=true the
# browser tests fail when chromium is missing, so a failed install stops here with the apt log.
if [ ! -x /usr/bin/chromium ]; then
  echo ".ci: installing chromium (apt-get install chromium)" >&2
  if [ "$(id -u)" = "0" ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  apt_log="${TMPDIR:-/tmp}/dtsmdrl-ci-chromium-apt.log"
  { "${sudo_cmd[@]}" apt-get -q update && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -q install -y --no-install-recommends chromium; } >"$apt_log" 2>&1 \
    || { tail -n 20 "$apt_log" >&2; echo ".ci: apt-get install chromium failed (log: $apt_log)" >&2; exit 1; }
fi
