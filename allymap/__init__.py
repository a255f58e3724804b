"""allymap: map an alliance portfolio as a graph and check teams for firewall and
conflict-of-interest problems before staffing them.

This package is the application shell: the command line (:mod:`allymap.cli`), choosing and
opening a store (:mod:`allymap.config`), and the browser app's pages and maps.
"""

__version__ = "0.1.0"
