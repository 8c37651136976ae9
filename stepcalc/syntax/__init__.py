"""Reading input: what the grammars (``grammar/*.lark``) need beside them.

* ``build``: the one builder of AST nodes both grammars share, and the function names;
* ``normalise``: NFKC normalisation of the input (full-width forms), columns mapped back;
* ``notes``: reading notes, for what was read other than as written (``Sin`` as sin);
* ``words``: the words that are refused instead of being read as letters, and their messages;
* ``explain``: lark's exceptions as messages in words, with the column;
* ``patterns``: the grammars' name patterns, generated from ``stepcalc.catalogue``.
"""
