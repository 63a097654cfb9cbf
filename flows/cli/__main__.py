"""`python -m flows.cli`: the same as the `coffeechat` console script."""

from flows.cli import main

main()
