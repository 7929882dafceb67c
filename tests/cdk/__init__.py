"""Tests of the CDK construct, its Lambda handler and the example app."""
