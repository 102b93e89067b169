"""``python -m bubblescope`` runs the CLI."""

from bubblescope.cli import main

if __name__ == "__main__":
    main()
