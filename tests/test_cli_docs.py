"""Every command is documented: help text on the command and on each of its options."""

from __future__ import annotations

from typing import Any

import typer

from aigap.cli import app


def _commands(cmd: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out = [(path, cmd)]
    if hasattr(cmd, "commands"):  # a group (typer ships its own click classes)
        for name, sub in sorted(cmd.commands.items()):
            out += _commands(sub, (*path, name))
    return out


def test_every_command_and_option_has_help() -> None:
    root = typer.main.get_command(app)
    missing = []
    for path, cmd in _commands(root):
        if path and not (cmd.help or cmd.short_help):
            missing.append(" ".join(path))
        for param in cmd.params:
            if param.param_type_name == "option" and not getattr(param, "help", None):
                missing.append(f"{' '.join(path)} {param.opts[0]}")
    assert missing == []


def test_expected_platform_commands_exist() -> None:
    root = typer.main.get_command(app)
    assert {"up", "serve", "db"} <= set(root.commands)  # type: ignore[attr-defined]
