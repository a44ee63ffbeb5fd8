"""Reading article and annotation files from disk and feeding them to the store, in parallel where it pays."""
