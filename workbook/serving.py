"""``workbook serve``: Voilà with the workbook template and a configuration safe for strangers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NOTEBOOK = "challenge.ipynb"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # the template's script tells the owner; this is the server's hard stop
WEBSOCKET_LIMIT = MAX_UPLOAD_BYTES + 8 * 1024 * 1024


def voila_command(notebook: Path, port: int, host: str) -> list[str]:
    """The Voilà command line: only this notebook, no file serving, no tracebacks."""
    return [
        sys.executable, "-m", "voila", str(notebook),
        f"--port={port}", f"--Voila.ip={host}", "--no-browser",
        "--template=workbook", "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.file_allowlist=[]",
        "--VoilaConfiguration.file_denylist=['.*']",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.allow_template_override=NO",
        f"--Voila.tornado_settings={{'websocket_max_message_size': {WEBSOCKET_LIMIT}}}",
    ]


def serve(port: int = 8866, host: str = "127.0.0.1", data_dir: str | Path = "var",
          notebooks: str | Path = "notebooks", demo_dir: str | Path = "data") -> int:
    """Run the app until interrupted; the kernel finds the store and demos through the environment."""
    env = dict(os.environ, WORKBOOK_DATA_DIR=str(Path(data_dir).resolve()),
               WORKBOOK_DEMO_DIR=str(Path(demo_dir).resolve()),
               # Arrow's default allocator keeps ~17 MB per kernel after the first read; the
               # system allocator gives it back. Kernels read small exports, so speed is the same.
               ARROW_DEFAULT_MEMORY_POOL="system", MALLOC_ARENA_MAX="2")
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    command = voila_command(Path(notebooks).resolve() / APP_NOTEBOOK, port, host)
    os.execve(sys.executable, command, env)
    return 0  # not reached: execve replaces this process
