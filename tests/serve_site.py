"""Serve a built site on 127.0.0.1 for the tests: `python tests/serve_site.py PORT DIRECTORY`.

`python -m http.server`'s handler plus one response header, `LinkChecker`: LinkChecker throttles
every host to about three requests a second unless the server sends that header, which would
make crawling the whole site (each page once per #anchor linked) take many minutes.
"""

from __future__ import annotations

import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class SiteHandler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "local test server: no rate limit")
        super().end_headers()


def main(argv: list[str]) -> None:
    port, directory = int(argv[1]), argv[2]
    handler = functools.partial(SiteHandler, directory=directory)
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
