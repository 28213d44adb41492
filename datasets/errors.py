class IngestError(ValueError):
    """A file that cannot become a table; the message is written for the editor."""

    def __init__(self, message, *, row=None, column=None):
        self.row = row
        self.column = column
        self.plain = message
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column “{column}”")
        if where:
            message = f"{message} ({', '.join(where)})"
        super().__init__(message)
