"""Legacy Word and WPS files (OLE2 .doc/.wps) → DOCX bytes, by LibreOffice headless.

One conversion runs at a time on the machine (a lock file), each bounded in time and in a private
LibreOffice profile, so a hung or crashed soffice never blocks the next document or a desktop session.
"""
from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import tempfile
from pathlib import Path

from etl.extract.readers import NeedsConversion, UnreadableDocument
from etl.extract.readers.tools import soffice_path

TIMEOUT = 120.0  # seconds one conversion may take (waiting for the lock included)


def to_docx(data: bytes, *, timeout: float = TIMEOUT) -> bytes:
    """The DOCX LibreOffice makes of a legacy Word/WPS file; NeedsConversion when LibreOffice is missing."""
    return convert(data, "report.doc", "docx:MS Word 2007 XML", timeout=timeout)


def convert(data: bytes, name: str, target: str, *, timeout: float = TIMEOUT) -> bytes:
    """`data`, a file called `name` (its suffix tells LibreOffice what it is), converted to `target`
    (an extension, optionally with LibreOffice's filter name: "pdf:writer_web_pdf_Export")."""
    soffice = soffice_path()
    if soffice is None:
        raise NeedsConversion("conversion needs LibreOffice (soffice), which is not installed")
    shared = Path(tempfile.gettempdir()) / f"nianbao-soffice-{os.getuid()}"
    shared.mkdir(mode=0o700, exist_ok=True)
    with open(shared / "lock", "w") as lock, tempfile.TemporaryDirectory(prefix="nianbao-convert-") as work:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one soffice at a time: it is memory-hungry and shares its profile
        source = Path(work) / name
        source.write_bytes(data)
        command = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault",
                   f"-env:UserInstallation={(shared / 'profile').as_uri()}",
                   "--convert-to", target, "--outdir", work, str(source)]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              start_new_session=True) as process:
            try:
                output, _ = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise UnreadableDocument(f"LibreOffice conversion timed out after {timeout:g} s") from None
        converted = source.with_suffix("." + target.split(":")[0])
        if process.returncode != 0 or not converted.is_file():
            said = output.decode("utf-8", "replace").strip().splitlines()
            raise UnreadableDocument(f"LibreOffice could not convert the file "
                                     f"(exit {process.returncode}: {said[-1] if said else 'no output'})")
        return converted.read_bytes()
