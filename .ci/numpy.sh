# Sourced by .ci/run: installs Debian's python3-numpy for the twin's numpy reference peer (bench/peers/twin_numpy.py),
# which the peer-agreement tests run on /usr/bin/python3. Under CI=true those tests fail when no Python imports numpy,
# so a failed install stops here with the apt log.
if ! /usr/bin/python3 -c "import numpy" >/dev/null 2>&1; then
  echo ".ci: installing numpy (apt-get install python3-numpy)" >&2
  if [ "$(id -u)" = "0" ]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
  apt_log="${TMPDIR:-/tmp}/dtsmdrl-ci-numpy-apt.log"
  { "${sudo_cmd[@]}" apt-get -q update && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -q install -y --no-install-recommends python3-numpy; } >"$apt_log" 2>&1 \
    || { tail -n 20 "$apt_log" >&2; echo ".ci: apt-get install python3-numpy failed (log: $apt_log)" >&2; exit 1; }
fi
