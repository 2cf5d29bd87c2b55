"""Prompts are files in prompts/, loaded by name and rendered strictly: {{name}} placeholders only,
every placeholder filled, no value left unused. A mistake fails loudly instead of reaching a model."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path


def _prompts_dir() -> Path:
    """prompts/ of the checkout, or the copy an installed package carries (rag.prompt_files)."""
    checkout = Path(__file__).resolve().parent.parent / "prompts"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("rag.prompt_files")))


PROMPTS_DIR = _prompts_dir()
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")


class PromptError(Exception):
    pass


@lru_cache(maxsize=None)
def load(name: str, directory: Path = PROMPTS_DIR) -> str:
    path = directory / f"{name}.md"
    if not path.exists():
        raise PromptError(f"no prompt named '{name}' in {directory}")
    return path.read_text(encoding="utf-8")


def render(name: str, directory: Path = PROMPTS_DIR, **values: str) -> str:
    template = load(name, directory)
    wanted = set(_PLACEHOLDER.findall(template))
    missing, unused = wanted - set(values), set(values) - wanted
    if missing or unused:
        raise PromptError(f"prompt '{name}': missing {sorted(missing)}, unused {sorted(unused)}")
    # Values are inserted once, so text inside them that looks like {{x}} stays as it is.
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)
