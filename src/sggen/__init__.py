"""sggen: steering-group guides and kickoff decks from a YAML role library."""

__version__ = "0.1.0"
