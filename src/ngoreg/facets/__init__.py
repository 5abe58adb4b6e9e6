"""Facets: the values of an attribute a record carries over a stretch of time, one row per value, so that a
multi-valued attribute (fields of work, provinces of an activity) counts the record once per value, and
any count can be taken as of a date without reading the records themselves."""
