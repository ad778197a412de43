"""The chart registry: one definition per chart, its Vega-Lite spec and its static SVG."""
