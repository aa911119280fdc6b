"""USB exchange with the county: the package format and its cipher (data in, file out; domain only)."""
