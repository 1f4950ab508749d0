"""``python -m reform_brand`` runs the ``reform-brand`` command."""

from reform_brand.cli import run

if __name__ == "__main__":
    run()
