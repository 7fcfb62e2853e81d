"""One module per rule family; every Rule subclass defined here registers itself."""
