"""kb: the knowledge base of the international action of local governments.

The package holds the domain (documents, taxonomy, analysis, schema, search). Apart from
``kb.cli`` and ``kb.config`` it does no I/O: functions take values and return values.
"""

__version__ = "0.1.0"
