"""Path converters of the API's URLs, registered in IntegrationsConfig.ready()."""


class IdConverter:
    """Ids that fit a 64-bit column: a longer number is a 404, not a database overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class UsernameConverter:
    regex = r"[\w.@+-]{1,150}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
