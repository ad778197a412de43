"""The illustrative sample data: seeded, calibrated to the real closes of late 2025."""
