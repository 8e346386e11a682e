"""`python -m contenthub.cli`, as the `contenthub` script runs it."""

from . import main

main()
