"""Files in: the data files, the commentary, imported exports and the trading calendar."""
