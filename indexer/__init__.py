"""The indexer: reads a content tree into documents and writes them into Whoosh."""
