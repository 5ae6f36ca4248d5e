"""The MDN HTTP Observatory's scanner against the app served over TLS on 127.0.0.1.

    make observatory        # or: .venv/bin/python -m benchmarks.observatory

What it does, all on this machine:
1. installs npm `@mdn/mdn-http-observatory` into a cache folder with `--ignore-scripts` (its
   install scripts would download the HSTS preload list; an empty one is written instead, so
   no preload bonus is counted);
2. makes a throw-away CA and a certificate for localhost/127.0.0.1 with openssl;
3. serves the app with production settings through gunicorn with that certificate, and a plain
   HTTP listener that redirects to HTTPS, as the reverse proxy in front does in production;
4. runs the scanner with NODE_EXTRA_CA_CERTS pointing at the CA, and prints grade and score.
Exits non-zero below A+ / 135 or when a test scores negative.
"""

import argparse
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from .server import deployment, exit_on_sigterm

PACKAGE = "@mdn/mdn-http-observatory@1"
CACHE = Path(os.environ.get("OBSERVATORY_DIR", Path.home() / ".cache" / "portal-observatory"))
TARGET_SCORE = 135

# The scanner's scan() reads no port options: it probes http://host/ and https://host/, so the
# app must answer on 127.0.0.1:80 and :443 (the script runs as root, or with the capability).
HTTP_PORT, HTTPS_PORT = 80, 443
SCAN_JS = """
import { scan } from "@mdn/mdn-http-observatory/src/scanner/index.js";
console.log(JSON.stringify(await scan(process.argv[1])));
"""


def install_scanner() -> Path:
    package = CACHE / "node_modules" / "@mdn" / "mdn-http-observatory"
    if not (package / "src" / "scanner" / "index.js").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", PACKAGE],
            cwd=CACHE,
            check=True,
        )
    for name in ("hsts-preload.json", "tld-list.json"):
        conf = package / "conf" / name
        if not conf.exists():
            conf.write_text("{}" if name.startswith("hsts") else "[]")
    return package


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    ca_key, ca_cert = folder / "ca.key", folder / "ca.pem"
    key, csr, cert, ext = folder / "tls.key", folder / "tls.csr", folder / "tls.pem", folder / "ext"
    quiet = {"check": True, "capture_output": True}
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=Portal observatory test CA", "-keyout", ca_key, "-out", ca_cert],
        **quiet,
    )  # fmt: skip
    subprocess.run(
        ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
         "-keyout", key, "-out", csr],
        **quiet,
    )  # fmt: skip
    ext.write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    subprocess.run(
        ["openssl", "x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key,
         "-CAcreateserial", "-days", "1", "-extfile", ext, "-out", cert],
        **quiet,
    )  # fmt: skip
    return ca_cert, key, cert


def redirect_http(port: int) -> http.server.HTTPServer:
    """Plain HTTP answered with a permanent redirect to HTTPS, as the proxy does."""

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(301)
            self.send_header("Location", f"https://localhost{self.path}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", port), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def main() -> int:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    exit_on_sigterm()
    if not shutil.which("npm") or not shutil.which("openssl"):
        print("npm and openssl are needed for the Observatory scan.", file=sys.stderr)
        return 2
    if not all(port_is_free(port) for port in (HTTP_PORT, HTTPS_PORT)):
        print("Ports 80 and 443 on 127.0.0.1 must be free (and bindable).", file=sys.stderr)
        return 2
    package = install_scanner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ca_cert, key, cert = make_certificates(folder)
        # As in production behind TLS: the HTTPS redirect and secure cookies stay on.
        overrides = {
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "SITE_URL": "https://localhost",
            "SECURE_SSL_REDIRECT": None,
            "SECURE_COOKIES": None,
        }
        tls = ["--certfile", str(cert), "--keyfile", str(key)]
        with deployment(overrides=overrides, port=HTTPS_PORT, gunicorn_args=tls, scheme="https"):
            redirector = redirect_http(HTTP_PORT)
            try:
                scanned = subprocess.run(
                    ["node", "--input-type=module", "-e", SCAN_JS, "localhost"],
                    env={**os.environ, "NODE_EXTRA_CA_CERTS": str(ca_cert)},
                    cwd=package,
                    capture_output=True,
                    text=True,
                    check=False,
                )
            finally:
                redirector.shutdown()
    if scanned.returncode != 0:
        print(scanned.stdout, scanned.stderr, file=sys.stderr)
        return 1
    result = json.loads(scanned.stdout)
    grade, score = result["scan"]["grade"], result["scan"]["score"]
    print(f"{'test':<28} {'pass':<5} {'modifier':>8}  result")
    negative = []
    for name, test in sorted(result["tests"].items()):
        modifier = test["scoreModifier"]
        print(f"{name:<28} {str(test['pass']):<5} {modifier:>8}  {test['result']}")
        if modifier < 0:
            negative.append(name)
    print(f"\nObservatory grade {grade}, score {score} (target A+ / {TARGET_SCORE}+)")
    return 0 if grade == "A+" and score >= TARGET_SCORE and not negative else 1


if __name__ == "__main__":
    raise SystemExit(main())
