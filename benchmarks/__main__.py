"""Throughput benchmarks: pages served by gunicorn, as ratios to a static file in the same run.

Absolute numbers depend on the machine and its neighbours; the ratio to whitenoise serving a
static file, measured seconds earlier on the same machine, is what we track (DESIGN.md,
performance notes). Traffic goes to 127.0.0.1 only, in bounded loops.

    make bench                      # or: .venv/bin/python -m benchmarks --seconds 3
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/healthz", "/", "/compare/kubeflow-vs-mlflow/", "/insights/", "/wizard/"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(port: int, path: str, seconds: float, clients: int) -> tuple[float, int]:
    """Requests per second over `seconds` with `clients` keep-alive connections."""
    counts = [0] * clients
    statuses: set[int] = set()
    deadline = time.monotonic() + seconds

    def run(i: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < deadline:
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            statuses.add(response.status)
            counts[i] += 1
        connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds, max(statuses)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per URL (default 3)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DEBUG": "False",
            "SECRET_KEY": "benchmark-only-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "False",
            "SECURE_COOKIES": "False",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"),
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["createcachetable", "-v0"],  # production's cache without Redis
            ["load_catalog", "-v0"],
            ["collectstatic", "--no-input", "-v0"],
        ):
            subprocess.run(manage + command, env=env, check=True, cwd=ROOT, capture_output=True)
        manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
        baseline = "/static/" + manifest["paths"]["css/site.css"]

        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            measure(port, baseline, 0.5, args.clients)  # warm-up
            base_rate, _ = measure(port, baseline, args.seconds, args.clients)
            print(f"{'URL':<34} {'req/s':>9} {'ratio':>7}  status")
            print(f"{baseline[:34]:<34} {base_rate:>9.0f} {1:>7.2f}  baseline")
            for path in PAGES:
                rate, status = measure(port, path, args.seconds, args.clients)
                print(f"{path:<34} {rate:>9.0f} {rate / base_rate:>7.2f}  {status}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
