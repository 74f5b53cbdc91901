"""The bridge between the database and the rules engine: the tree, the people and a
campaign's records turned into a scenario for `kiemdiem.rules`, and the engine's result
read back (subject keys, names, the organization a subject belongs to). Nothing else in
the web application builds a scenario or parses a subject key by hand."""
