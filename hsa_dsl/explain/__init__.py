"""What a verdict means, in the worker's language, and how it prints."""
