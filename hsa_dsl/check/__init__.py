"""Stage 3: surface AST → checked act (names resolved, expressions typed)."""
