"""Quality measures over labelled page sets (``stiwatch eval``): one module per measure."""
