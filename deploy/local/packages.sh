# Sourced by every script that needs a Debian package. A fresh machine has an empty apt package list, so
# the first install in a run refreshes it (`apt-get update`, once per run: the flag is exported to the
# scripts this one starts); a machine that has every package runs no apt at all.
#
#   ensure_packages PACKAGE…          installs those of the packages that dpkg does not list as installed
#   ensure_command COMMAND PACKAGE…   installs the packages when COMMAND is not on PATH (nor in /usr/sbin)
#   install_packages PACKAGE…         installs them (for callers that check for what they need themselves)
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

package_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

ensure_packages() {
  local missing=() package
  for package in "$@"; do
    package_installed "$package" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] || install_packages "${missing[@]}"
}

install_packages() {
  [ $# -eq 0 ] && return 0
  echo "installing $* with apt" >&2
  if [ "${HEALTH_TALENT_APT_UPDATED:-}" != 1 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    export HEALTH_TALENT_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_command() {
  local command=$1
  shift
  command -v "$command" >/dev/null 2>&1 || [ -x "/usr/sbin/$command" ] || ensure_packages "$@"
}
