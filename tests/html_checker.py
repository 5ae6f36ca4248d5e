"""The Nu Html Checker (vnu, the W3C validator), pinned and run once over many files.

The checker is the validator project's own `vnu-jar` package from npm, installed into the
git-ignored `.venv/vnu` on first use (`make vnu`, which `make test` runs, or the first test that
needs it) and run with the system's Java (Debian's `default-jre-headless`). Its npm install
script, which would download a Java runtime of its own, is not run.

There is no fallback and no skip: when Java or the jar is missing, `CheckerMissing` says what
to install, and the test that needs the checker fails with that message.

    .venv/bin/python -m tests.html_checker    # install (when missing) and print the version
"""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

VNU_VERSION = "26.9.27"  # `npm view vnu-jar version`; change it here only
ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / ".venv" / "vnu"
PACKAGE = HOME / "node_modules" / "vnu-jar"
JAR = PACKAGE / "build" / "dist" / "vnu.jar"


class CheckerMissing(RuntimeError):
    """The checker cannot run here; the message says what to install."""


@dataclass(frozen=True)
class Message:
    line: int | None
    text: str
    extract: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.text} [{self.extract.strip()}]" if self.extract else where + self.text


def installed_version() -> str | None:
    try:
        return json.loads((PACKAGE / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def install() -> Path:
    """The pinned jar, installed from npm when it is missing or another version."""
    if installed_version() == VNU_VERSION and JAR.is_file():
        return JAR
    npm = shutil.which("npm")
    if npm is None:
        raise CheckerMissing(
            f"The Nu Html Checker (npm package vnu-jar@{VNU_VERSION}) is not installed in "
            f"{HOME} and npm is missing to install it: run `make vnu` (as root it installs "
            "Debian's npm) or `apt-get install npm`."
        )
    HOME.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-save",
         "--prefix", str(HOME), f"vnu-jar@{VNU_VERSION}"],
        check=True,
    )  # fmt: skip
    if installed_version() != VNU_VERSION or not JAR.is_file():
        raise CheckerMissing(f"npm did not install vnu-jar@{VNU_VERSION} into {HOME}.")
    return JAR


def java() -> str:
    path = shutil.which("java")
    if path is None:
        raise CheckerMissing(
            "Java is missing, and the Nu Html Checker needs it: run `make vnu` (as root it "
            "installs Debian's default-jre-headless) or `apt-get install default-jre-headless`."
        )
    return path


def version() -> str:
    """What the checker itself reports, e.g. '26.9.27 (c6ba02c)'."""
    command = [java(), "-jar", str(install()), "--version"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def check(files: list[Path]) -> dict[Path, list[Message]]:
    """Every error in every file, from one run of the checker (Java starts slowly)."""
    command = [java(), "-jar", str(install()), "--format", "json", "--errors-only",
               "--exit-zero-always", *map(str, files)]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(run.stderr)
    except ValueError:
        raise RuntimeError(f"The checker did not answer in JSON: {run.stderr[:2000]}") from None
    by_name = {f.resolve().as_uri(): f for f in files}
    errors: dict[Path, list[Message]] = {f: [] for f in files}
    for message in report["messages"]:
        # `--errors-only` keeps errors and "non-document-error"s (e.g. a file it cannot read).
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        url = message.get("url", "")
        target = by_name.get(url) or by_name.get(url.replace("file:/", "file:///", 1))
        if target is None:
            raise RuntimeError(f"The checker reported on an unknown file: {message}")
        errors[target].append(
            Message(message.get("lastLine"), message["message"], message.get("extract", ""))
        )
    return errors


if __name__ == "__main__":
    try:
        print(f"Nu Html Checker {version()} ({JAR.relative_to(ROOT)})")
    except CheckerMissing as missing:
        raise SystemExit(str(missing)) from None
