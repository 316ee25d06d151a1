"""Subcommands of `exactland` for the depth topic (registered through exactland.cli.PLUGINS)."""


def register(sub):
    """Add this topic's subcommands to the argparse subparsers ``sub``."""
