"""Open311 GeoReport v2: other systems file requests with the desk and follow them (see api.py)."""
