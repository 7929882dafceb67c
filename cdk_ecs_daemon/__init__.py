"""AWS CDK construct for Amazon ECS Managed Daemons."""
