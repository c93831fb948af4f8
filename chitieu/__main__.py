"""``python -m chitieu`` runs the command line, as the ``chitieu`` script does."""

from chitieu.pipeline.cli import main

if __name__ == "__main__":  # a spawned worker re-imports __main__: it must not run the CLI again
    main()
