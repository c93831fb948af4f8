"""Errors whose message is shown to the analyst as the ``error`` of a document."""


class InputError(Exception):
    """The input cannot be read; the message says why in plain words."""


class EmptyDocument(InputError):
    """The input holds no text at all (``status=empty``)."""


class StageTimeout(InputError):
    """A stage ran past the per-file time limit."""
