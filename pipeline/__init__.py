"""The pipeline: one ``Document`` through registered stages, and the batch, outputs and views around it.

Installed as ``chitieu.pipeline`` (the folder stays at the top of the repository).
"""
