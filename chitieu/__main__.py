"""``python -m chitieu`` runs the command line, as the ``chitieu`` script does."""

from chitieu.pipeline.cli import main

main()
