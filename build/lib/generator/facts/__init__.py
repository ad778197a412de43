"""Pure numbers: the panel, each week's facts, history series, narrative, prose, fact check."""
