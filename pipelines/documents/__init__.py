"""Reading documents (PDF, Word): text layers, OCR, repairs, layout and date lines."""
