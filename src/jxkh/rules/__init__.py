"""The scheme's rules as pure functions: validated models in, results out. No I/O here."""
