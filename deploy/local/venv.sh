# Sourced by the test scripts: `python_venv DIR PACKAGE==VERSION` makes a virtual environment under
# .build/ with that package from PyPI, once (installing Debian's python3-venv first when missing).
. "$(dirname "${BASH_SOURCE[0]}")/packages.sh"
python_venv() {
  local venv=$1 requirement=$2 module=${3:-}
  if [ -x "$venv/bin/python" ] && { [ -z "$module" ] || "$venv/bin/python" -c "import $module" 2>/dev/null; }; then
    return 0
  fi
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    install_packages python3-venv python3-pip
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check "$requirement"
}
