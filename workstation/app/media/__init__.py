"""Patient media in the app: the export dialog and job, and the portable viewer's media mode."""
