"""Output formats: one module per format, each writing one kind of file from a Document."""
