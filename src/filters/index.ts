// Public API of this layer; filled in by its issue.
export {};
