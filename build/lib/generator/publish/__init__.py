"""The only package that knows the engine (MkDocs): staging, build, swap into site/, serve."""
