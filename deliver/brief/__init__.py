"""Weekly briefs for desks: the data (model), its lead sentences, and the HTML, Markdown and
DOCX writers."""
