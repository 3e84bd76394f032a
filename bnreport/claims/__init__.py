"""The claim language of ``bnreport check``: our own lexer and parser (no eval), then exact
evaluation on the derived quantities."""
