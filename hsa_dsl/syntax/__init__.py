"""Stages 1 and 2: .hsa text → Lark parse tree → surface AST."""
