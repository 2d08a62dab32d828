"""Lowering of the checked act to an IR, and generation of Python from the IR."""
