"""Text to skills: candidate mentions, mapping them to taxonomy skills, calibration."""
