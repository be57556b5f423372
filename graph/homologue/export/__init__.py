"""Ways out of the store: RDF serialisations and offline HTML views."""
