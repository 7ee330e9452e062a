"""A curator's path from an article to validated claims (``advocacy-kg contribute``).

A contribution is one YAML file: a source (its metadata and text) and the claims drawn from it,
each a verbatim quote with the statements it supports as subject/predicate/object rows
(CONTRIBUTING.md says why YAML). ``document`` reads it, keeping every value's line;
``terms`` turns its words into RDF terms; ``build`` generates the claim graphs; ``checking``
runs the quote, duplicate and validation checks; ``writing`` writes data/ in the house style.
"""
