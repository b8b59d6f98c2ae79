#!/usr/bin/env bash
# Usage: scripts/find-python.sh 3.10|3.11
# Print the path of a working Python of that minor version. Looks at $PYTHON310 /
# $PYTHON311, pythonX.Y on PATH (pyenv shims that refuse are skipped), python3,
# pyenv's versions folder, common system paths, then uv (installing with uv if needed).
set -u
want="${1:?usage: find-python.sh 3.10|3.11}"
major="${want%%.*}"; minor="${want#*.}"
override_var="PYTHON${major}${minor}"

works() {
  [ -n "$1" ] && "$1" -c "import sys, venv, ensurepip; assert sys.version_info[:2] == ($major, $minor)" >/dev/null 2>&1
}

candidates=()
[ -n "${!override_var:-}" ] && candidates+=("${!override_var}")
command -v "python$want" >/dev/null 2>&1 && candidates+=("$(command -v "python$want")")
command -v python3 >/dev/null 2>&1 && candidates+=("$(command -v python3)")
pyenv_root="${PYENV_ROOT:-}"
[ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1 && pyenv_root="$(pyenv root 2>/dev/null)"
[ -z "$pyenv_root" ] && pyenv_root="$HOME/.pyenv"
for dir in $(ls -d "$pyenv_root/versions/$want".* 2>/dev/null | sort -t. -k3 -n -r); do
  candidates+=("$dir/bin/python$want" "$dir/bin/python")
done
for path in "/usr/bin/python$want" "/usr/local/bin/python$want" "/opt/homebrew/bin/python$want"; do
  candidates+=("$path")
done
for candidate in "${candidates[@]}"; do
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done

if command -v uv >/dev/null 2>&1; then
  found="$(uv python find "$want" 2>/dev/null || true)"
  if ! works "$found"; then
    echo "Installing Python $want with uv ..." >&2
    uv python install "$want" >&2 && found="$(uv python find "$want" 2>/dev/null || true)"
  fi
  if works "$found"; then echo "$found"; exit 0; fi
fi

cat >&2 <<MSG
No working Python $want found.
(The Rasa environment needs Python 3.10 because Rasa 3.6 does not run on 3.11+;
the API environment needs Python 3.11.)
Install it in one of these ways, then run the command again:
  - pyenv:  pyenv install $want     (found automatically in \$(pyenv root)/versions)
  - uv:     uv python install $want
  - Debian/Ubuntu: apt install python$want python$want-venv
or name an interpreter:  make run $override_var=/path/to/python$want
MSG
exit 1
