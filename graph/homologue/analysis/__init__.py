"""Questions asked of the stored graph: who contacted whom, how often, when."""
