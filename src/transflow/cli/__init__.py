"""The command line: the click group and its commands, which parse options, call one API function and print."""

from transflow.cli import commands  # noqa: F401,E402  (registers the commands on cli)
from transflow.cli.app import cli, main

__all__ = ["cli", "main"]
