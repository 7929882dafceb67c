"""Pulumi dynamic provider for Amazon ECS Managed Daemons."""
