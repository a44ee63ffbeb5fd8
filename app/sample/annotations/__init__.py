"""Hand annotations of the fictional sample articles (JSON package data, one file per doc_id)."""
