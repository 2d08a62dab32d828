"""The Lark grammar of the .hsa language (hsa.lark), shipped as package data."""
