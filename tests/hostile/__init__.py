"""The hostile-input corpus (see README.md); ``cases`` lists it."""
