"""What goes wrong with an uploaded file, said to the person who uploaded it."""
from danvan.core.exceptions import DomainError


class FileUnreadable(DomainError):
    """The file cannot be read as a spreadsheet, or no table of the expected kind is in it."""


class FileRejected(FileUnreadable):
    """The file is refused before or while reading: it is not what it says, or it exceeds a limit
    (imports.limits) that protects the worker."""
