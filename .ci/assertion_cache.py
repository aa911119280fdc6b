"""CI only: pytest's rewritten test modules written to their __pycache__ once, before the test processes start.

pytest rewrites the `assert` statements of every test module and conftest.py when it imports them (~6 s of
CPU for this suite) and caches the result as a .pyc beside the module — but not when bytecode writing is off
(PYTHONDONTWRITEBYTECODE, set on the CI machine), and on a clean clone both test processes start at the same
moment, so each rewrites every module anyway. `.ci/run` runs this script in the background while the
README's `pip install` runs on one core, so the test processes find every module rewritten (pytest checks
each cached file against its source's mtime and size and its own version, and rewrites it if they differ).

Best effort, and only a speed-up: it uses pytest's internal functions, and if they are missing or change it
says so and leaves the rewriting to pytest. Usage: python .ci/assertion_cache.py [root]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


class _Quiet:
    @staticmethod
    def trace(*_args: object) -> None:
        pass


def main(root: Path) -> int:
    began = time.perf_counter()
    try:
        from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc, _rewrite_test, _write_pyc, get_cache_dir
    except ImportError as exc:
        print(f"assertion cache: not written (pytest's rewriting internals not found: {exc})")
        return 0
    tests = root / "tests"
    modules = sorted(p for p in tests.rglob("*.py") if (p.name == "conftest.py" or p.name.startswith("test_"))
                     and "benchmarks" not in p.relative_to(tests).parts)
    written = 0
    for path in modules:
        pyc = get_cache_dir(path) / (path.name[:-3] + PYC_TAIL)
        try:
            if _read_pyc(path, pyc, _Quiet.trace) is not None:
                continue
            pyc.parent.mkdir(exist_ok=True)
            source_stat, code = _rewrite_test(path, None)  # type: ignore[arg-type]  # None: pytest's defaults
            if _write_pyc(_Quiet, code, source_stat, pyc):  # type: ignore[arg-type]
                written += 1
        except Exception as exc:  # noqa: BLE001 - a speed-up only: pytest rewrites whatever is not cached
            print(f"assertion cache: stopped at {path.relative_to(root)}: {type(exc).__name__}: {exc}")
            break
    print(f"assertion cache: {written} of {len(modules)} test modules rewritten in "
          f"{time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])))
