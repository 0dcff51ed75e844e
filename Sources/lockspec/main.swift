// Placeholder entry point; the CLI lands with LockspecCommand.swift.
print("lockspec")
