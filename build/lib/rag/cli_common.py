"""What every command shares: settings from the environment and flags, the engine, the path flags."""

from __future__ import annotations

import argparse

from .settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env().with_paths(getattr(args, "documents", None), getattr(args, "index", None))


def _engine(settings: Settings):
    from .engine import Engine

    return Engine.build(settings)


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--documents", help="documents folder (default: documents/)")
    parser.add_argument("--index", help="index folder (default: index/)")
