"""Pages: Jinja2 templates rendered to Markdown, escaping, the commentary sandbox and the feeds."""
