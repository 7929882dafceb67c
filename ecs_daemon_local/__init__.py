"""Local stand-in for the Amazon ECS daemon API."""
