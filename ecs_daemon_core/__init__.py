"""Shared core for Amazon ECS Managed Daemons as infrastructure as code."""
