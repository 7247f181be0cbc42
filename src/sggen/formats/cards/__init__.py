"""Role cards: plan (how a card fits one page) and writer (the format), over the guide's
reference and body."""
