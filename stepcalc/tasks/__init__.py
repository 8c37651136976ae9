"""Tasks built on the engine and the oracle: checking answers and working, grading."""

FORMS = ("any", "simplified", "factored", "single_fraction", "expanded")  # what --form may ask for
