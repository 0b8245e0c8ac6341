"""kb: the knowledge base of the international action of local governments.

The package is the domain: documents, taxonomy, analysis, schema, and the search pipeline
(``kb.search``). See ``kb/README.md`` for what it may and may not do.
"""

__version__ = "0.1.0"
