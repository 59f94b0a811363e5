"""Start-up cost of ``unionnlp --help``, as a ratio to ``python -c "import numpy"``.

Both are timed in the same run (subprocess, wall clock, median of 10) so the
ratio is comparable across machines and loads.  Usage: ``python bench/startup.py``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time

RUNS = 10


def _median_seconds(cmd: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    exe = shutil.which("unionnlp")
    cli = [exe, "--help"] if exe else [sys.executable, "-m", "unionnlp", "--help"]
    numpy = _median_seconds([sys.executable, "-c", "import numpy"])
    help_ = _median_seconds(cli)
    print(f"unionnlp --help {help_ * 1000:.0f} ms, import numpy {numpy * 1000:.0f} ms, "
          f"ratio {help_ / numpy:.2f} (median of {RUNS})")


if __name__ == "__main__":
    main()
