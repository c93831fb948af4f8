"""Stage registry: each stage is a small component registered by name and built
from configuration, the way spaCy builds a pipeline from its factories.

A stage is any callable ``Document -> Document``. Its factory receives the
settings of its ``[stages.<name>]`` table in ``pipeline/pipeline.toml`` and loads
whatever it needs (lexicons, models) once, when the pipeline is built: once per
worker process, never per document.
"""

from __future__ import annotations

import importlib
import inspect
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from chitieu.pipeline.document import Document

DEFAULT_CONFIG = Path(__file__).with_name("pipeline.toml")


class Stage(Protocol):
    def __call__(self, doc: Document) -> Document: ...


_FACTORIES: dict[str, Callable[..., Stage]] = {}


def stage(name: str) -> Callable[[Callable[..., Stage]], Callable[..., Stage]]:
    """Register ``factory`` as the builder of the stage called ``name``."""

    def register(factory: Callable[..., Stage]) -> Callable[..., Stage]:
        if name in _FACTORIES and _FACTORIES[name] is not factory:
            raise ValueError(f"stage {name!r} is registered twice")
        _FACTORIES[name] = factory
        return factory

    return register


def registered() -> list[str]:
    return sorted(_FACTORIES)


@dataclass
class Pipeline:
    """The configured stages, in order."""

    names: list[str]
    stages: list[Stage]

    def __iter__(self):
        return iter(zip(self.names, self.stages, strict=True))


def load_config(path: Path | None = None) -> dict[str, Any]:
    with open(path or DEFAULT_CONFIG, "rb") as handle:
        return tomllib.load(handle)


def build_pipeline(config: dict[str, Any] | None = None) -> Pipeline:
    """Import the stage modules named in the config and build each stage once."""
    config = config or load_config()
    for module in config["pipeline"]["modules"]:
        importlib.import_module(module)
    names = list(config["pipeline"]["stages"])
    settings = config.get("stages", {})
    missing = [name for name in names if name not in _FACTORIES]
    if missing:
        raise ValueError(f"no stage registered as {', '.join(missing)}")
    return Pipeline(names, [_build(name, settings.get(name, {})) for name in names])


def _build(name: str, settings: dict[str, Any]) -> Stage:
    """The stage ``name`` made with its settings; a setting missing from, or
    unknown to, ``[stages.<name>]`` is named in plain words."""
    factory = _FACTORIES[name]
    try:
        inspect.signature(factory).bind(**settings)
    except TypeError as exc:
        raise ValueError(f"[stages.{name}] of the pipeline config: {exc}") from None
    return factory(**settings)
