"""Targets and monitoring (动态监测): yearly targets per indicator, actual values, pace and the monthly report."""
