"""`make test` on a machine without Chromium: tests/ensure-chromium.sh installs Debian's package
when it may, and otherwise stops with one line naming the apt-get command (never a skip)."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "ensure-chromium.sh"


def fake_bin(tmp_path, *, uid, sudo_ok, chromium):
    """A PATH whose id, sudo and apt-get are stand-ins; apt-get logs its calls and 'installs' chromium."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    scripts = {
        "id": f'#!/bin/sh\necho {uid}\n',
        "sudo": '#!/bin/sh\n[ "$1" = -n ] && shift\n' + ('exec "$@"\n' if sudo_ok else "exit 1\n"),
        "apt-get": f'#!/bin/sh\necho "$@" >> {log}\ncase "$*" in *install*) printf "#!/bin/sh\\n" > {chromium}; chmod +x {chromium};; esac\n',
    }
    for name, text in scripts.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return bin_dir, log


def run(tmp_path, **kwargs):
    chromium = tmp_path / "chromium"
    bin_dir, log = fake_bin(tmp_path, chromium=chromium, **kwargs)
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin", "CHROMIUM": str(chromium)}
    result = subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30)
    return result, chromium, log


def test_without_rights_it_stops_with_the_command(tmp_path):
    result, chromium, log = run(tmp_path, uid=1000, sudo_ok=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "apt-get install -y chromium" in lines[0]
    assert not log.exists() and not chromium.exists()


def test_as_root_it_installs_debians_chromium(tmp_path):
    result, chromium, log = run(tmp_path, uid=0, sudo_ok=False)
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == ["update -q", "install -y -q chromium"]
    assert chromium.exists()


def test_with_passwordless_sudo_it_installs(tmp_path):
    result, chromium, log = run(tmp_path, uid=1000, sudo_ok=True)
    assert result.returncode == 0, result.stderr
    assert "install -y -q chromium" in log.read_text()


def test_present_chromium_needs_nothing(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    bin_dir, log = fake_bin(tmp_path, uid=1000, sudo_ok=False, chromium=chromium)
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin", "CHROMIUM": str(chromium)}
    assert subprocess.run(["sh", str(SCRIPT)], env=env, timeout=30).returncode == 0
    assert not log.exists()


def test_make_test_runs_it_before_pytest():
    makefile = (SCRIPT.parents[1] / "Makefile").read_text()
    recipe = makefile.split("\ntest: install\n", 1)[1].split("\n\n", 1)[0]
    lines = [line.strip() for line in recipe.splitlines()]
    assert lines[0] == "@sh tests/ensure-chromium.sh" and "pytest" in lines[1]
