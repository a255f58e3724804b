"""Talking to the Neo4j server: one driver per store, the constraints and indexes the store
relies on (derived from the schema), and the driver's errors turned into allymap's words.

Reads go through ``execute_read`` (read routing), so ``neo4j://`` and ``neo4j+s://`` URIs of a
cluster or Aura send them to any member that can serve them; writes go to the leader.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DatabaseError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
)

from graphmodel.batch import ImportPlan
from graphmodel.errors import NoDatabase, StoreUnavailable
from graphmodel.neo4j.records import AUDIT, DECISION, ENTITY, RECEIPT, STATE, T
from graphmodel.neo4j.templates import cypher, quote
from graphmodel.schema import SCHEMA
from graphmodel.store import GraphStore

# The driver logs lost connections itself; allymap reports them as StoreUnavailable. Without a
# handler, Python would print the driver's log lines on stderr next to allymap's own message.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

SCHEMES = frozenset(f"{base}{tls}" for base in ("bolt", "neo4j") for tls in ("", "+s", "+ssc"))
"""Bolt URIs: direct (bolt) or routed (neo4j), plain or TLS (+s verifies, +ssc self-signed)."""


def _uri_problem(uri: str) -> str:
    """Why ``uri`` cannot be a Neo4j address (" (reason)"), or "" if it can. The driver
    itself takes ``bolt://`` for localhost:7687 and wraps a port above 65535 around to some
    other port: a typo would then reach another server, which might answer."""
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        return " (it must start with bolt://, neo4j:// or one of their +s and +ssc forms)"
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError as err:
        return f" ({err})"
    if not parts.hostname:
        return " (it names no server)"
    if port == 0:
        return " (port 0)"
    return ""


def _words(err: BaseException) -> str:
    """An error's text on one line (the driver's messages span several)."""
    return " ".join(str(err).split())


def _schema_statements() -> list[tuple[str, str]]:
    """(name, DDL) of every constraint and index the store relies on, derived from the schema."""
    out = [
        (
            f"allymap_{label.lower()}_id",
            f"CREATE CONSTRAINT {quote(f'allymap_{label.lower()}_id')} IF NOT EXISTS "
            f"FOR (n:{quote(label)}) REQUIRE n.id IS UNIQUE",
        )
        for label in (ENTITY, *SCHEMA.node_types, RECEIPT, STATE, DECISION)
    ]
    out.append(
        (
            "allymap_audit_seq",
            f"CREATE CONSTRAINT `allymap_audit_seq` IF NOT EXISTS FOR (n:{quote(AUDIT)}) "
            "REQUIRE n.seq IS UNIQUE",
        )
    )
    out.append(
        (
            "allymap_sort",
            f"CREATE RANGE INDEX `allymap_sort` IF NOT EXISTS FOR (n:{quote(ENTITY)}) "
            "ON (n.`~sort`)",
        )
    )
    for key in ("~id", "~name"):
        name = f"allymap_search_{key[1:]}"
        out.append(
            (
                name,
                f"CREATE TEXT INDEX {quote(name)} IF NOT EXISTS "
                f"FOR (n:{quote(ENTITY)}) ON (n.{quote(key)})",
            )
        )
    return out


# ---- the store -----------------------------------------------------------------------------


class Neo4jConnection(GraphStore):
    """The driver, its errors in words, and the transactions every read and write goes through
    (the base of :class:`~graphmodel.neo4j.store.Neo4jStore`)."""

    batch_size = 20_000
    """Rows per UNWIND statement (and per progress report) during an import; measured at a
    million rows: 10,000 and 50,000 rows per statement are within 10% of each other."""
    write_attempts = 3
    """How often an import is tried when the server drops out before it commits."""
    retry_pause = 1.0
    """Seconds before the second attempt; doubled for each further one."""

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str = "",
        database: str | None = None,
        *,
        connection_timeout: float = 10.0,
        create: bool = True,
    ) -> None:
        self.uri = uri
        self.database = database or None
        self._planned: tuple[ImportPlan, int] | None = None
        self._schema_ready = False
        problem = _uri_problem(uri)
        if problem:
            raise StoreUnavailable(
                f"{uri!r} is not a Neo4j address allymap can use{problem}. Use for example "
                "bolt://localhost:7687 (one server), or neo4j://host:7687 or "
                "neo4j+s://xxxx.databases.neo4j.io (a cluster or Aura)."
            )
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                notifications_min_severity="OFF",
                connection_timeout=connection_timeout,
                connection_acquisition_timeout=connection_timeout * 3,
                max_transaction_retry_time=15.0,
                user_agent="allymap",
            )
        except (ConfigurationError, ValueError) as err:
            raise StoreUnavailable(
                f"{uri!r} is not a Neo4j address allymap can use ({_words(err)}). Use for example "
                "bolt://localhost:7687, neo4j://host:7687 or neo4j+s://xxxx.databases.neo4j.io."
            ) from err
        try:
            with self._talking("connecting"):
                self._driver.verify_connectivity()
            if not create:
                self._require_data()
        except BaseException:
            self._driver.close()
            raise

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r})"

    def close(self) -> None:
        self._driver.close()

    # ---- plumbing ------------------------------------------------------------------------
    @contextmanager
    def _talking(self, doing: str) -> Iterator[None]:
        """Turn the driver's connection and login errors into StoreUnavailable naming the
        server, so the CLI can say what went wrong (exit code 2) instead of a traceback."""
        where = f"the Neo4j server at {self.uri}"
        try:
            yield
        except AuthError as err:
            raise StoreUnavailable(
                f"{where} refused the login while {doing} ({err.message}). "
                "Check NEO4J_USER and NEO4J_PASSWORD."
            ) from err
        except (ServiceUnavailable, SessionExpired) as err:
            if doing == "connecting":
                raise StoreUnavailable(
                    f"Cannot reach {where}: {_words(err)}. Is the server running, and is the "
                    "address right?"
                ) from err
            raise StoreUnavailable(
                f"Lost contact with {where} while {doing}: {_words(err)}. Is the server running?"
            ) from err
        except ClientError as err:
            if err.code and "DatabaseNotFound" in err.code:
                raise StoreUnavailable(
                    f"{where} has no database {self.database!r} ({err.message})."
                ) from err
            raise
        except DriverError as err:
            raise StoreUnavailable(
                f"Problem talking to {where} while {doing}: {_words(err)}"
            ) from err
        except DatabaseError as err:
            raise StoreUnavailable(
                f"{where} failed while {doing} ({err.code}: {err.message}). The server's log "
                "says why."
            ) from err

    def _read(self, work: Callable[[ManagedTransaction], T], doing: str = "reading") -> T:
        with (
            self._talking(doing),
            self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session,
        ):
            return session.execute_read(work)

    def _query(self, name: str, **params: Any) -> list[neo4j.Record]:
        """One read query (a managed read transaction, routed to a reader)."""
        text = cypher(name)
        return self._read(lambda tx: list(tx.run(text, params)))

    def _require_data(self) -> None:
        """For readers: NoDatabase unless the database holds an allymap graph with data."""
        (row,) = self._query("graph_state")
        if row["data"]:
            return
        where = f"The Neo4j database at {self.uri}" + (
            f" (database {self.database!r})" if self.database else ""
        )
        if row["state"]:
            what = "holds an allymap graph with no data in it (everything was removed)"
        else:
            what = "holds no allymap graph: nothing has been imported into it"
        raise NoDatabase(
            f"{where} {what}. allymap has nothing to answer from. Check the address, or import "
            f"CSV files first: allymap import FILE... --neo4j {self.uri}"
        )

    def holds_data(self) -> bool:
        return bool(self._query("graph_state")[0]["data"])

    def _ensure_schema(self) -> None:
        """Create the constraints and indexes that are missing, before the first import of
        this store (idempotent; cheap when all exist, and a user without the right to create
        them can still import into a database someone else set up). Never on open: reading
        must not change the database."""
        if self._schema_ready:
            return
        with self._driver.session(database=self.database) as session:
            have = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
            have |= {r["name"] for r in session.run("SHOW INDEXES YIELD name")}
            missing = [(n, ddl) for n, ddl in _schema_statements() if n not in have]
            created = False
            for _name, ddl in missing:
                try:
                    session.run(ddl).consume()  # type: ignore[arg-type]
                    created = True
                except ClientError as err:
                    code = err.code or ""
                    if "AlreadyExists" in code or "Forbidden" in code:
                        continue  # a concurrent opener made it, or we may not: reads still work
                    raise
            if created:
                session.run("CALL db.awaitIndexes(300)").consume()
        self._schema_ready = True
