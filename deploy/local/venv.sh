# Sourced by the test scripts: `python_venv DIR PACKAGE==VERSION` makes a virtual environment under
# .build/ with that package from PyPI, once (installing Debian's python3-venv first when missing).
python_venv() {
  local venv=$1 requirement=$2 module=${3:-}
  if [ -x "$venv/bin/python" ] && { [ -z "$module" ] || "$venv/bin/python" -c "import $module" 2>/dev/null; }; then
    return 0
  fi
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    echo "installing python3-venv with apt" >&2
    if [ "$(id -u)" = 0 ]; then
      env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip >/dev/null
    else
      sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip >/dev/null
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check "$requirement"
}
