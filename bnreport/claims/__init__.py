"""The claim language of ``bnreport check``: our own lexer and recursive-descent parser (no eval),
then exact evaluation on the derived quantities.

    lexer → parser (AST) → evaluate (AST → sympy values, :mod:`.values` enforces the limits)
          → relations / predicates (the decision) → :class:`~.evaluate.Result`
"""
