"""The benchmarks' memory readings: this process's resident memory now, and the source
prepended to their child processes for their own peak."""

import resource
import sys


def rss_mb() -> float:
    """Resident memory of this process now (VmRSS), in MB; the peak where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


PEAK_MB = """
import resource
def peak_mb():
    # VmHWM: this process's own high-water mark (ru_maxrss would start from the parent's,
    # which Linux carries across fork and exec)
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""
