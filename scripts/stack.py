"""Start, watch and stop the three processes: Rasa server, action server, API.

Used by `make run` (``python -m scripts.stack run``), the end-to-end tests and the
benchmarks, so that all of them run the assistant the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


# Test and benchmark harnesses open many conversations from one address, far faster
# than customers do; they lift the per-client limits (tests/api/test_limits.py tests them).
HARNESS_ENV = {
    "RATE_LIMITS": json.dumps(
        {name: "100000/minute" for name in ("conversation_create", "customer_message", "guard")}
    )
}


MAX_RESTARTS = 3  # restarts of one process within RESTART_WINDOW_S before giving up
RESTART_WINDOW_S = 300


class PortTaken(RuntimeError):
    pass


class StackFailed(RuntimeError):
    pass


@dataclass
class StackConfig:
    database_url: str
    api_port: int = 8000
    rasa_port: int = 5005
    action_port: int = 5055
    host: str = "127.0.0.1"
    rasa_token: str = "local-demo-rasa-token"
    nlg_token: str = "local-demo-nlg-token"
    service_token: str = "local-demo-service-token"
    secret_key: str = "local-demo-secret-key"
    model: Path = ROOT / "models" / "complaint-assistant.tar.gz"
    endpoints: Path = ROOT / "endpoints.yml"
    log_dir: Path = ROOT / "var" / "log"
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.api_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": self.database_url,
            "API_URL": self.api_url,
            "RASA_URL": self.rasa_url,
            "ACTION_SERVER_URL": self.action_url,
            "RASA_TOKEN": self.rasa_token,
            "NLG_TOKEN": self.nlg_token,
            "SERVICE_TOKEN": self.service_token,
            "SECRET_KEY": self.secret_key,
            "SANIC_HOST": self.host,
            "TF_CPP_MIN_LOG_LEVEL": "2",
            **self.extra_env,
        }


def config_from_settings() -> StackConfig:
    from api.config import get_settings

    s = get_settings()
    return StackConfig(
        database_url=s.database_url,
        api_port=s.api_port,
        rasa_port=_port(s.rasa_url, 5005),
        action_port=_port(s.action_server_url, 5055),
        rasa_token=s.rasa_token,
        nlg_token=s.nlg_token,
        service_token=s.service_token,
        secret_key=s.secret_key,
    )


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (for test and benchmark stacks)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _port(url: str, default: int) -> int:
    return httpx.URL(url).port or default


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def commands(self) -> dict[str, list[str]]:
        c = self.config
        rasa = str(ROOT / ".venvs" / "rasa" / "bin" / "rasa")
        return {
            "action server": [
                rasa,
                "run",
                "actions",
                "--actions",
                "actions",
                "-p",
                str(c.action_port),
            ],
            "Rasa server": [
                rasa,
                "run",
                "--enable-api",
                "--auth-token",
                c.rasa_token,
                "-i",
                c.host,
                "-p",
                str(c.rasa_port),
                "-m",
                str(c.model),
                "--endpoints",
                str(c.endpoints),
                "--credentials",
                str(ROOT / "credentials.yml"),
            ],
            "API": [
                str(ROOT / ".venvs" / "app" / "bin" / "uvicorn"),
                "api.main:create_app",
                "--factory",
                "--host",
                c.host,
                "--port",
                str(c.api_port),
                "--no-access-log",
            ],
        }

    def ports(self) -> dict[str, int]:
        c = self.config
        return {"action server": c.action_port, "Rasa server": c.rasa_port, "API": c.api_port}

    def check_ports(self) -> None:
        for name, port in self.ports().items():
            with socket.socket() as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    sock.bind((self.config.host, port))
                except OSError as exc:
                    raise PortTaken(
                        f"port {port} ({name}) on {self.config.host} is already in use"
                    ) from exc

    def start(self) -> None:
        self.check_ports()
        self.config.log_dir.mkdir(parents=True, exist_ok=True)
        for name in self.commands():
            self.start_one(name, log_mode="wb")

    def start_one(self, name: str, log_mode: str = "ab") -> None:
        """Start (or restart) one process; its output goes to its log file."""
        log = open(self.log_path(name), log_mode)  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            self.commands()[name],
            cwd=ROOT,
            env=self.config.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill_one(self, name: str) -> None:
        """Stop one process as a crash or an operator would (its process group)."""
        process = self.processes[name]
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def exited(self) -> dict[str, int]:
        return {n: p.returncode for n, p in self.processes.items() if p.poll() is not None}

    def log_path(self, name: str) -> Path:
        return self.config.log_dir / f"{name.split()[0].lower()}-{self.ports()[name]}.log"

    def wait_ready(self, timeout: float = 240.0) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            self._fail_if_exited()
            try:
                response = httpx.get(f"{self.config.api_url}/healthz", timeout=3)
                last = response.json()
                if response.status_code == 200:
                    return dict(response.json())
            except (httpx.HTTPError, ValueError) as exc:
                last = repr(exc)
            time.sleep(1)
        raise StackFailed(f"not ready after {timeout:.0f}s; last health: {last}")

    def _fail_if_exited(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                tail = self.log_path(name).read_text(errors="replace")[-3000:]
                raise StackFailed(f"{name} exited with {process.returncode}:\n{tail}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def pids(self) -> list[int]:
        return [p.pid for p in self.processes.values() if p.poll() is None]

    def __enter__(self) -> Stack:
        self.start()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run() -> int:
    # Ctrl-C and a service manager's SIGTERM both stop everything cleanly (even when
    # started from a script, where SIGINT may arrive ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    stack = Stack(config_from_settings())
    try:
        stack.check_ports()
    except PortTaken as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("Starting the Rasa server, the action server and the API (Rasa takes ~30 s) ...")
    try:
        stack.start()
        stack.wait_ready()
    except (StackFailed, KeyboardInterrupt) as exc:
        stack.stop()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _print_welcome(stack.config)
    try:
        _supervise(stack)
    except KeyboardInterrupt:
        print("\nStopping ...")
    except StackFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        stack.stop()
        return 1
    stack.stop()
    print("Stopped.")
    return 0


def _supervise(stack: Stack) -> None:
    """Restart a process that exits, as a process manager would; /healthz names it as
    down until it is back. One that keeps exiting stops everything."""
    restarts: dict[str, list[float]] = {}
    while True:
        time.sleep(1)
        for name, code in stack.exited().items():
            recent = [t for t in restarts.get(name, []) if time.monotonic() - t < RESTART_WINDOW_S]
            if len(recent) >= MAX_RESTARTS:
                tail = stack.log_path(name).read_text(errors="replace")[-3000:]
                raise StackFailed(f"{name} keeps exiting (last code {code}):\n{tail}")
            print(
                f"warning: {name} exited with {code}; /healthz reports it as down; "
                f"restarting it (log: {stack.log_path(name)})",
                file=sys.stderr,
            )
            restarts[name] = [*recent, time.monotonic()]
            stack.start_one(name)


def _print_welcome(config: StackConfig) -> None:
    from api.seed import DEMO_LOGINS

    base = config.api_url
    print(
        "\nThe complaint assistant is running:\n"
        f"  Demo shop (customer chat)  {base}/\n"
        f"  Agent console              {base}/agent\n"
        f"  Supervisor console         {base}/supervisor\n"
        f"  API docs                   {base}/docs\n"
        f"  Health                     {base}/healthz\n"
        f"  Rasa server                {config.rasa_url}   action server {config.action_url}\n"
        "Demo logins: " + ", ".join(f"{u} / {p} ({r})" for u, p, r in DEMO_LOGINS) + "\n"
        f"Logs: {config.log_dir}\nPress Ctrl-C to stop."
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="scripts.stack")
    parser.add_argument("command", choices=["run"])
    parser.parse_args()
    raise SystemExit(run())
