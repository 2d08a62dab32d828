"""The acts shipped with hsa-dsl, as package data (household_service.hsa)."""
