"""Documents and text: reading PDF/DOCX/TXT, segmenting, language, boilerplate."""
