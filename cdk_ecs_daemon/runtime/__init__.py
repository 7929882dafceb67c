"""The Lambda handler of the EcsDaemon custom resource.

This package is the source of the Lambda asset, where it is installed as the
top-level package ``ecs_daemon_handler`` beside ``ecs_daemon_core``. It imports
only that core, boto3 and the standard library, always relatively within
itself, and never the construct.
"""
