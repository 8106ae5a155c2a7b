"""The periodic update of an organisation's figures and highlights for its observers (seed 001, issue 4 §7)."""
