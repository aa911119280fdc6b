"""Build the Windows package: forms and translations, then PyInstaller, then a self-test of the result.

    python -m pip install -e ".[postgres]" pyinstaller
    python packaging/build_windows.py

The folder dist/songnuan/ is the program; packaging/songnuan.iss (Inno Setup) turns it into an
installer. Works on Linux too (it builds a Linux folder), which is how CI-free checks of the spec run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build_assets.py"), "--force"], check=True)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", str(ROOT / "packaging" / "songnuan.spec")],
        check=True, cwd=ROOT,
    )
    exe = ROOT / "dist" / "songnuan" / ("songnuan.exe" if sys.platform == "win32" else "songnuan")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SONGNUAN_DATA_DIR=tmp)
        if sys.platform != "win32" and not env.get("DISPLAY"):
            env.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine without a screen
        result = subprocess.run([str(exe), "--self-test", "--db", str(Path(tmp) / "check.db")], env=env)
    print("self-test of the package:", "passed" if result.returncode == 0 else "FAILED")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
