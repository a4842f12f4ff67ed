"""AccessLog: who opened, changed, exported or printed which client file."""
