"""``python -m reform_brand`` runs the ``reform-brand`` command."""

import sys

if __name__ == "__main__":
    try:
        from reform_brand.cli import run
    except KeyboardInterrupt:  # a Ctrl-C while the command line is imported
        sys.exit(130)
    run()
