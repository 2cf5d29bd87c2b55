"""rag app, rag api, rag mcp: the app, the HTTP API and the MCP server, from a checkout or an installed package."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path

from .cli_common import _add_paths, _engine, _settings

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _path_env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    if getattr(args, "documents", None):
        env["RAG_DOCUMENTS_DIR"] = str(Path(args.documents).resolve())
    if getattr(args, "index", None):
        env["RAG_INDEX_DIR"] = str(Path(args.index).resolve())
    return env


def cmd_app(args: argparse.Namespace) -> int:
    """Streamlit, in this process, on the app.py beside this package (a checkout's, or the one the package
    installed): stopping `rag app` stops the app (a child process would outlive a terminated parent)."""
    from streamlit.web import cli as streamlit_cli

    script = Path(__file__).resolve().parent.parent / "app.py"
    os.environ.update({k: v for k, v in _path_env(args).items() if k in ("RAG_DOCUMENTS_DIR", "RAG_INDEX_DIR")})
    sys.argv = ["streamlit", "run", str(script), "--server.port", str(args.port), "--server.address", args.host,
                "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
                *[a for a in args.streamlit if a != "--"]]
    try:
        streamlit_cli.main()
    except SystemExit as end:
        return int(end.code or 0)
    return 0


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_api(args: argparse.Namespace) -> int:
    import uvicorn

    from .api.app import create_app
    from .api.auth import ApiAuth, TokenVerifier
    from .services.users import Roles

    settings = _settings(args)
    verifier = None
    if settings.oidc_issuer:
        verifier = TokenVerifier(settings.oidc_issuer, settings.oidc_audience, Roles.parse(settings.admins, settings.admin_role))
    auth = ApiAuth(settings, verifier)
    if auth.laptop_mode and not _is_loopback(args.host):
        print(f"error: no API keys (RAG_API_KEYS_FILE) or sign-in (RAG_OIDC_ISSUER) are configured, so the API "
              f"serves this computer only: --host {args.host} refused; use 127.0.0.1", file=sys.stderr)
        return 2
    app = create_app(_engine(settings), auth)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_mcp(args: argparse.Namespace) -> int:
    from .api.mcp_server import build_server

    build_server(_engine(_settings(args))).run("stdio")
    return 0


def cmd_warm_model(args: argparse.Namespace) -> int:
    """Export the embedding model for ONNX Runtime into the model cache now (a container image's build),
    so no process does it on its first question."""
    from .embeddings import make_embeddings

    settings = _settings(args)
    for backend in dict.fromkeys((settings.embeddings_backend, settings.sentence_embeddings_backend)):
        make_embeddings(backend, settings.index_dir, settings.embed_batch_size, model_cache_dir=settings.model_cache_dir,
                        cache=False).embed_query("warm")
        print(f"{backend}: ready in {settings.model_cache_dir}")
    return 0


def add_serve_commands(sub) -> None:
    p = sub.add_parser("warm-model", help="export the embedding model into the model cache (for container images)")
    p.set_defaults(func=cmd_warm_model)

    p = sub.add_parser("app", help="serve the app (Streamlit) on http://127.0.0.1:8501")
    _add_paths(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("streamlit", nargs=argparse.REMAINDER, help="after --: Streamlit's own options (e.g. --secrets.files F)")
    p.set_defaults(func=cmd_app)

    p = sub.add_parser("api", help="serve the HTTP API (and its OpenAI-compatible chat endpoint) on http://127.0.0.1:8000")
    _add_paths(p)
    p.add_argument("--host", default="127.0.0.1", help="in laptop mode (no keys, no sign-in) only loopback")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_api)

    p = sub.add_parser("mcp", help="serve the MCP tools (ask, inspections, source) over standard input and output")
    _add_paths(p)
    p.set_defaults(func=cmd_mcp)
