"""Stages that misbehave on purpose, to test that one bad file costs that file only."""

from __future__ import annotations

import os
import signal
import time

from pipeline.document import Document
from pipeline.registry import stage


@stage("misbehave")
class Misbehave:
    """Crashes the process on files named crash*, hangs on hang*, hangs
    with the alarm signal blocked (like a stuck C call) on stuck*."""

    def __call__(self, doc: Document) -> Document:
        name = doc.source_path.name
        if name.startswith("crash"):
            os._exit(3)
        if name.startswith("hang"):
            time.sleep(60)
        if name.startswith("stuck"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        if name.startswith("bug"):
            raise KeyError("no such thing")
        return doc
