"""Letters and reports: Brief, the WeasyPrint renderer, the plain-language checker, render tasks."""
