"""The rule tables of the engine, one module per kind of hole.

``derivative`` (``Deriv``: d/dx) and ``gradient`` (``Grad``: ∇ with respect to a vector or
matrix) each hold their rules, one small class each, and their ordered table; ``base`` the
helpers the rules share.  The traversal that applies them is ``stepcalc.engine``.
"""
