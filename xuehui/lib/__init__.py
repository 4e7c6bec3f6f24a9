"""Code with no models that several apps share. Imports nothing from the apps."""
