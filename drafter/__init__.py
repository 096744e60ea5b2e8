"""drafter: drafting assistant for Vietnamese periodic Party-committee conference documents.

It turns one validated data file per conference (YAML or JSON) into the draft resolution
and the press summary, laid out as the official rules require.
"""

__version__ = "0.1.0"
