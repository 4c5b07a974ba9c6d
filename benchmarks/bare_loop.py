"""The least a checker must do: read every paper and parse its front matter.

    .venv/bin/python benchmarks/bare_loop.py PAPERS_DIR

Reads every `PAPERS_DIR/*.md`, splits off the YAML front matter between the `---` lines and
parses it with PyYAML's C loader, validating nothing. `run.py` times `site-builder check`
against this floor.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def front_matter(text: str) -> str:
    """The YAML between the opening `---` line and the next `---` line ('' if none)."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text[3:end] if end != -1 else ""


def main(papers_dir: str) -> int:
    """Parse every paper's front matter; print how many were read."""
    count = 0
    for path in sorted(Path(papers_dir).glob("*.md")):
        yaml.load(front_matter(path.read_text(encoding="utf-8")), Loader=yaml.CSafeLoader)
        count += 1
    print(f"{count} papers read")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} PAPERS_DIR")
    sys.exit(main(sys.argv[1]))
