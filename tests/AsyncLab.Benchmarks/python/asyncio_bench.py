"""The Python asyncio side of the comparison benchmark (tests/AsyncLab.Benchmarks, command `compare`).

Each workload here is the asyncio twin of one in ComparisonBenchmark.cs. One workload runs per process, so the
peak memory read at the end (VmHWM, the resident set's high-water mark) belongs to that workload alone, and the
result is printed as one line of JSON for the C# driver to read.

    python3 asyncio_bench.py scenarios SCALE        the three reference scenarios, unit of work SCALE seconds
    python3 asyncio_bench.py fanout N               N tasks that each await asyncio.sleep(0.1), gathered
    python3 asyncio_bench.py throttled N LIMIT      N jobs through asyncio.Semaphore(LIMIT), each yields once
    python3 asyncio_bench.py pipeline N CAPACITY    N items from a producer to a consumer through asyncio.Queue(CAPACITY)
"""

import asyncio
import json
import resource
import sys
import time


def peak_kb():
    """The process's peak resident set in KiB: VmHWM where /proc exists, else what getrusage reports."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def fan_out_scenario(unit):
    async def fetch(number):
        await asyncio.sleep(unit)
        return f"page {number}"

    pages = await asyncio.gather(*(fetch(n) for n in range(5)))
    assert pages == [f"page {n}" for n in range(5)], pages


async def semaphore_scenario(unit):
    gate = asyncio.Semaphore(3)

    async def job():
        async with gate:
            await asyncio.sleep(unit)

    await asyncio.gather(*(job() for _ in range(10)))


async def queue_scenario(unit):
    queue = asyncio.Queue()

    async def produce():
        for item in range(5):
            await asyncio.sleep(unit / 2)
            await queue.put(item)
        await queue.put(None)  # no more items

    async def consume():
        while (item := await queue.get()) is not None:
            await asyncio.sleep(unit)

    await asyncio.gather(produce(), consume())


async def scenarios(unit):
    for scenario in (fan_out_scenario, semaphore_scenario, queue_scenario):
        await scenario(0.01)  # a small run first, as the C# side does to leave its JIT out of the figures
    makespans = []
    for scenario in (fan_out_scenario, semaphore_scenario, queue_scenario):
        start = time.perf_counter()
        await scenario(unit)
        makespans.append(time.perf_counter() - start)
    return {"makespans": makespans}


async def fan_out(tasks):
    async def one():
        await asyncio.sleep(0.1)

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(tasks)))
    return {"wall_s": time.perf_counter() - start, "items": tasks}


async def throttled(jobs, limit):
    gate = asyncio.Semaphore(limit)

    async def job():
        async with gate:
            await asyncio.sleep(0)

    start = time.perf_counter()
    await asyncio.gather(*(job() for _ in range(jobs)))
    return {"wall_s": time.perf_counter() - start, "items": jobs}


async def pipeline(items, capacity):
    queue = asyncio.Queue(maxsize=capacity)
    received = 0

    async def produce():
        for item in range(items):
            await queue.put(item)
        await queue.put(None)  # no more items

    async def consume():
        nonlocal received
        while (await queue.get()) is not None:
            received += 1

    start = time.perf_counter()
    await asyncio.gather(produce(), consume())
    assert received == items, received
    return {"wall_s": time.perf_counter() - start, "items": items}


def positive(text, name):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        sys.exit(f"error: {name} must be a positive whole number, not '{text}'")
    return value


def main(argv):
    workloads = {
        "scenarios": (1, lambda a: scenarios(float(a[0]))),
        "fanout": (1, lambda a: fan_out(positive(a[0], "N"))),
        "throttled": (2, lambda a: throttled(positive(a[0], "N"), positive(a[1], "LIMIT"))),
        "pipeline": (2, lambda a: pipeline(positive(a[0], "N"), positive(a[1], "CAPACITY"))),
    }
    if not argv or argv[0] not in workloads or len(argv) - 1 != workloads[argv[0]][0]:
        sys.exit("usage: asyncio_bench.py scenarios SCALE | fanout N | throttled N LIMIT | pipeline N CAPACITY")
    result = asyncio.run(workloads[argv[0]][1](argv[1:]))
    result["peak_kb"] = peak_kb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
