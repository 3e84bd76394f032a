"""The claim language of ``bnreport check``: our own lexer and recursive-descent parser (no eval),
then exact decisions on the closed forms, each claim within a time budget.

    lexer → notation (+ latex: pasted Unicode and LaTeX → plain tokens) → parser (AST)
          → evaluate (AST → sympy values on :class:`~bnreport.closed.Closed`; limits in values)
          → relations / identity / predicates (the decision) → result
    batch (a forked worker per batch, hard budget) · cache (verdicts across runs) · report (formats)
"""
