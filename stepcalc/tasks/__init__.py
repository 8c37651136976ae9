"""Tasks built on the engine and the oracle: checking answers and working, grading."""
