"""Pure functions from the model to what pages show."""
