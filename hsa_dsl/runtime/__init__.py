"""What a compiled act runs on: values and exact numbers, windows, the engine, traces, the verdict."""
