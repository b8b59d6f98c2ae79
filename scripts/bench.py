"""Benchmarks (not tests): what a chat turn costs through the full stack compared
with the same model behind bare Rasa's REST webhook, measured in the same run;
resident memory of all processes; model training time; phrase-guard speed.

``python -m scripts.bench [--skip-training]`` writes reports/bench.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from scripts.stack import HARNESS_ENV, ROOT, Stack, StackConfig, free_port
from tests.db import migrate, sqlite_url

DIALOGUE = ("My parcel is three days late", "SF1234567890")
REPORT = ROOT / "reports" / "bench.md"
TARGET_RATIO = 1.5
TARGET_RSS_MB = 2.5 * 1024


async def full_stack_conversation(client: httpx.AsyncClient, api: str) -> list[float]:
    conv = (await client.post(f"{api}/api/v1/conversations", json={})).json()
    headers = {"Authorization": f"Bearer {conv['token']}"}
    timings = []
    for text in DIALOGUE:
        start = time.perf_counter()
        response = await client.post(
            f"{api}/api/v1/conversations/{conv['id']}/messages",
            json={"text": text},
            headers=headers,
        )
        timings.append(time.perf_counter() - start)
        response.raise_for_status()
        if not response.json()["replies"]:
            raise RuntimeError(f"no reply to {text!r} through the API")
    return timings


async def bare_rasa_conversation(client: httpx.AsyncClient, rasa: str) -> list[float]:
    sender = f"bench-{uuid.uuid4()}"
    timings = []
    for text in DIALOGUE:
        start = time.perf_counter()
        response = await client.post(
            f"{rasa}/webhooks/rest/webhook",
            json={"sender": sender, "message": text, "metadata": {"language": "en"}},
        )
        timings.append(time.perf_counter() - start)
        response.raise_for_status()
        if not response.json():
            raise RuntimeError(f"no reply to {text!r} from bare Rasa")
    return timings


async def measure(
    kind: str, config: StackConfig, conversations: int, concurrency: int
) -> list[float]:
    semaphore = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency * 2)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:

        async def one() -> list[float]:
            async with semaphore:
                if kind == "full":
                    return await full_stack_conversation(client, config.api_url)
                return await bare_rasa_conversation(client, config.rasa_url)

        results = await asyncio.gather(*(one() for _ in range(conversations)))
    return [t for conversation in results for t in conversation]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index] * 1000


def group_rss_mb(pgids: list[int]) -> float:
    total_kb = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            pgrp = int(stat.rsplit(")", 1)[1].split()[2])
            if pgrp in pgids:
                status = (entry / "status").read_text()
                total_kb += next(
                    int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
                )
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return total_kb / 1024


def train_flags() -> list[str]:
    """The flags `make train` uses (the Makefile's RASA_TRAIN_FLAGS), so the bench
    times the same training."""
    flags = os.environ.get("RASA_TRAIN_FLAGS")
    if flags is None:
        raise SystemExit("RASA_TRAIN_FLAGS is not set: run the benchmark with `make bench`")
    return flags.split()


def training_seconds(flags: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and the 1-minute load average before.

    The machines are shared: the CPU time and the load say how much of the wall time
    was this training."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "RASA_CACHE_DIRECTORY": cache, "PYTHONPATH": str(ROOT)}
        start = time.perf_counter()
        subprocess.run(
            [
                str(ROOT / ".venvs/rasa/bin/rasa"),
                "train",
                "--out",
                out,
                "--fixed-model-name",
                "bench",
                *flags,
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, load


def guard_row() -> str:
    from bench.bench_guard import measure as measure_guard
    from bench.bench_guard import table_row

    return table_row(measure_guard(rounds=10, detect=False), detect=False)


def turn_rows(config: StackConfig, rounds: int) -> tuple[list[str], dict[int, float]]:
    rows, ratios = [], {}
    for concurrency, conversations in ((1, 15), (20, 40)):
        samples: dict[str, list[float]] = {"bare": [], "full": []}
        asyncio.run(measure("full", config, 3, 1))  # warm-up both paths
        asyncio.run(measure("bare", config, 3, 1))
        for _ in range(rounds):  # alternate so drift on a shared machine hits both
            for kind in ("bare", "full"):
                samples[kind] += asyncio.run(measure(kind, config, conversations, concurrency))
        p50 = {k: percentile(v, 50) for k, v in samples.items()}
        p95 = {k: percentile(v, 95) for k, v in samples.items()}
        ratios[concurrency] = p50["full"] / p50["bare"]
        rows.append(
            f"| {concurrency} | {len(samples['full'])} | {p50['bare']:.0f} | {p95['bare']:.0f} "
            f"| {p50['full']:.0f} | {p95['full']:.0f} | {ratios[concurrency]:.2f} "
            f"| {'met' if ratios[concurrency] <= TARGET_RATIO else 'MISSED'} |"
        )
    return rows, ratios


def main() -> int:
    parser = argparse.ArgumentParser(prog="scripts.bench")
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    flags = [] if args.skip_training else train_flags()  # fail before the long run
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    url = sqlite_url(workdir)
    migrate(url)
    config = StackConfig(
        database_url=url,
        api_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        log_dir=workdir / "logs",
        extra_env=dict(HARNESS_ENV),
    )
    lines = [
        "# Benchmarks",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} CPUs, "
        "one process of each kind, SQLite. One turn = one customer message until all "
        f"replies are back; dialogue: {' / '.join(DIALOGUE)}.",
        "",
        "| concurrent conversations | turns per path | bare Rasa p50 ms | bare Rasa p95 ms "
        "| full stack p50 ms | full stack p95 ms | p50 ratio | target ≤ 1.5× |",
        "|---|---|---|---|---|---|---|---|",
    ]
    with Stack(config) as stack:
        rows, _ = turn_rows(config, args.rounds)
        rss = group_rss_mb(stack.pids())
    lines += rows
    lines += [
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| resident memory, all three processes (after the run) | {rss:.0f} MB "
        f"| ≤ {TARGET_RSS_MB:.0f} MB: {'met' if rss <= TARGET_RSS_MB else 'MISSED'} |",
    ]
    if not args.skip_training:
        seconds, cpu, load = training_seconds(flags)
        lines.append(
            f"| full model training (no cache; {cpu:.0f} s CPU, load {load:.1f} before) "
            f"| {seconds:.0f} s | ≤ 180 s: {'met' if seconds <= 180 else 'MISSED'} |"
        )
    lines += [
        "",
        "## Phrase guard (per message, warm)",
        "",
        "| measure | calls | p50 ms | p95 ms | max ms | slowest message, median ms "
        "| targets: p95 ≤ 2 ms, slowest ≤ 25 ms |",
        "|---|---|---|---|---|---|---|",
        guard_row(),
    ]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
