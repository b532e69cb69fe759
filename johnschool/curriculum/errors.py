"""The refusal every curriculum service raises, naming the inputs at fault."""


class CurriculumError(ValueError):
    """A change the curriculum's rules refuse; fields maps an input's name to why."""

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.fields = dict(fields or {})
