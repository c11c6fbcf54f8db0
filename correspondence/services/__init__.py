"""The only way to create and change correspondence (003 §9): registration, workflow, outgoing."""
