"""Source prepended to the benchmarks' child processes: their own peak memory."""

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
