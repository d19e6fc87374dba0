"""The outside tools some documents need (Tesseract's chi_sim data, LibreOffice), and whether a run may use them.

Both are OS packages the Makefile installs. Where one is missing, or switched off (etl.extract.readers.Tools),
the document waits with the status its NeedsTool exception names instead of failing; a later
`nianbao etl --stale` picks it up once the tool is there. `NIANBAO_TESSDATA` (the folder of
chi_sim.traineddata) and `NIANBAO_SOFFICE` (the soffice program) override where they are looked for;
a path that does not exist makes the tool missing.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")
OCR_LANGUAGE = "chi_sim"


def tessdata_dir() -> str | None:
    """The folder holding chi_sim.traineddata, or None when the OCR language data is not installed."""
    configured = os.environ.get("NIANBAO_TESSDATA")
    candidates = (configured,) if configured is not None else TESSDATA_DIRS
    for folder in candidates:
        if folder and (Path(folder) / f"{OCR_LANGUAGE}.traineddata").is_file():
            return folder
    return None


def ocr_missing() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    try:
        import tesserocr  # noqa: F401
    except ImportError as exc:
        return f"the tesserocr binding is not installed ({exc})"
    if tessdata_dir() is None:
        return f"Tesseract's {OCR_LANGUAGE} language data is not installed (tesseract-ocr-chi-sim)"
    return None


def soffice_path() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    configured = os.environ.get("NIANBAO_SOFFICE")
    if configured is not None:
        return configured if configured and os.access(configured, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")
