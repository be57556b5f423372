"""RDF side of Homologue: the closed namespace, the gazetteer loader, graph building, validation."""
