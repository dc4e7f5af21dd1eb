"""The process layer: one module per pipeline stage, story linking, translation and evaluation."""
