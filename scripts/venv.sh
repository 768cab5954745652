# Sourced by scripts/quickstart.sh and .ci/run: make sure a virtual environment is active.
# Debian 12/13 and Ubuntu 24.04 mark their system Python "externally managed" (PEP 668) and refuse
# `pip install`, so the project never installs into the system interpreter: it uses the active
# virtual environment if there is one, else `.venv` in the checkout (created on first use).
if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "${VIRTUAL_ENV}/bin/python" ]; then
  : # an activated virtual environment (a contributor's own, or pipx-like setups): use it
else
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv 2>/dev/null; then
      rm -rf .venv
      # Debian and Ubuntu ship venv's ensurepip separately, in python3-venv
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "python3 -m venv needs python3-venv: installing it with apt-get" >&2
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
        python3 -m venv .venv
      else
        echo "error: python3 -m venv failed; on Debian/Ubuntu run: sudo apt install python3-venv" >&2
        return 2 2>/dev/null || exit 2
      fi
    fi
  fi
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
