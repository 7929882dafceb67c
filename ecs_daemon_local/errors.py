"""Errors the endpoint answers with, each carrying its HTTP status and AWS code.

As werkzeug's HTTP exceptions do, each class states its status; the protocol
layer serialises it as ``{"__type": code, "message": ...}`` so that boto3 raises
its modeled exception (``client.exceptions.DaemonNotFoundException`` and so on).
"""

from __future__ import annotations

from typing import ClassVar


class EcsError(Exception):
    """Base of every error sent to a client as an ECS error response.

    :param message: what went wrong, naming the parameter and value when the
        input is at fault
    """

    code: ClassVar[str] = "ServerException"
    """AWS error code, the ``__type`` of the response."""

    status: ClassVar[int] = 400
    """HTTP status of the response."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def body(self) -> dict[str, str]:
        """The JSON 1.1 error document."""
        return {"__type": self.code, "message": self.message}


class ClientException(EcsError):
    """A client action the service refuses (a resource in use, for example)."""

    code = "ClientException"


class InvalidParameterException(EcsError):
    """A parameter breaks a rule of the model or of the API documentation."""

    code = "InvalidParameterException"


class ClusterNotFoundException(EcsError):
    """The cluster does not exist or is INACTIVE."""

    code = "ClusterNotFoundException"


class ClusterContainsServicesException(EcsError):
    """The cluster still has daemons."""

    code = "ClusterContainsServicesException"


class ClusterContainsCapacityProviderException(EcsError):
    """The cluster still has Managed Instances capacity providers."""

    code = "ClusterContainsCapacityProviderException"


class DaemonNotFoundException(EcsError):
    """The daemon does not exist (or its deletion has finished)."""

    code = "DaemonNotFoundException"


class DaemonNotActiveException(EcsError):
    """The daemon is DELETE_IN_PROGRESS."""

    code = "DaemonNotActiveException"


class ResourceNotFoundException(EcsError):
    """A taggable resource named by ARN does not exist."""

    code = "ResourceNotFoundException"


class UnsupportedFeatureException(EcsError):
    """An ECS operation the local endpoint does not implement."""

    code = "UnsupportedFeatureException"


class ServerException(EcsError):
    """An internal error, or an injected 500 fault."""

    code = "ServerException"
    status = 500


class ThrottlingException(EcsError):
    """An injected throttling fault (retried by boto3)."""

    code = "ThrottlingException"


class ServiceUnavailableException(EcsError):
    """An injected 503 fault (retried by boto3)."""

    code = "ServiceUnavailableException"
    status = 503


class SerializationException(EcsError):
    """The request body is not a JSON object."""

    code = "SerializationException"


class UnknownOperationException(EcsError):
    """The X-Amz-Target header names no ECS operation."""

    code = "UnknownOperationException"


class DropConnection(ConnectionError):
    """Raised by the app to close the client's connection without a response.

    It subclasses :class:`ConnectionError` because werkzeug's request handler
    treats that family as a dropped connection and writes nothing back.
    """
